package org.secureta.transport.testsupport;

import org.secureta.proxykit.FreePorts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.LineConfiguration;
import org.secureta.transport.SipMessageListener;
import org.secureta.transport.TlsCredentials;
import org.secureta.transport.TransportConfiguration;
import org.secureta.transport.internal.ConfigProxies;
import org.secureta.transport.internal.SipUnit;

/** Builds units the way provisioning configures them: the same OCDs, from property maps. */
public final class Units {

    private final Map<String, Object> transport = new HashMap<>();
    private final List<Map<String, Object>> gateways = new ArrayList<>();
    private final List<Map<String, Object>> lines = new ArrayList<>();
    private TlsCredentials credentials;
    private Clock clock = Clock.systemUTC();
    private SipMessageListener messages = message -> { };

    public static Units tls(TlsCredentials credentials) {
        Units units = new Units();
        units.transport.put("transport", "TLS");
        units.transport.put("localAddress", "127.0.0.1");
        units.transport.put("tlsVersion", "TLSv1_2");
        units.credentials = credentials;
        return units;
    }

    public static Units udp() {
        Units units = new Units();
        units.transport.put("transport", "UDP");
        units.transport.put("localAddress", "127.0.0.1");
        return units;
    }

    /** Sets a TransportConfiguration attribute. */
    public Units with(String attribute, Object value) {
        transport.put(attribute, value);
        return this;
    }

    /** The unit's trusted time (the clock service in the framework). */
    public Units clock(Clock unitClock) {
        clock = unitClock;
        return this;
    }

    /** Who sees every SIP message (the message listeners of the framework). */
    public Units messages(SipMessageListener listener) {
        messages = listener;
        return this;
    }

    /** A gateway whose registrar and proxy is {@code server} ({@code host:port}). */
    public Units gateway(String name, String server) {
        return gateway(name, server, 0);
    }

    public Units gateway(String name, String server, int securePort) {
        Map<String, Object> gateway = new HashMap<>();
        gateway.put("name", name);
        gateway.put("registrarHost", server);
        gateway.put("proxyHost", server);
        gateway.put("securePort", securePort);
        gateway.put("port", FreePorts.tcpAndUdp());
        gateways.add(gateway);
        return this;
    }

    /** A gateway with no server: the unit only receives through it (its SecurePort when TLS). */
    public Units receivingGateway(String name, int port, int securePort) {
        Map<String, Object> gateway = new HashMap<>();
        gateway.put("name", name);
        gateway.put("securePort", securePort);
        gateway.put("port", port);
        gateways.add(gateway);
        return this;
    }

    /** A line that does not register. */
    public Units quietLine(String endpointId, String user, String gateway) {
        line(endpointId, user, "", gateway);
        lines.get(lines.size() - 1).put("register", false);
        return this;
    }

    public Units line(String endpointId, String user, String password, String gateway) {
        Map<String, Object> line = new HashMap<>();
        line.put("endpointId", endpointId);
        line.put("username", user);
        line.put("gatewayName", gateway);
        line.put(".authPassword", password);
        lines.add(line);
        return this;
    }

    public SipUnit start(UnitEvents events) throws Exception {
        return SipUnit.start(setup(events));
    }

    public SipUnit.Setup setup(UnitEvents events) {
        List<GatewayConfiguration> gatewayConfigs = gateways.stream().map(g -> ConfigProxies.of(GatewayConfiguration.class, g)).toList();
        List<LineConfiguration> lineConfigs = lines.stream().map(l -> ConfigProxies.of(LineConfiguration.class, l)).toList();
        return new SipUnit.Setup(ConfigProxies.of(TransportConfiguration.class, transport), gatewayConfigs, lineConfigs,
                credentials, events, clock, messages);
    }
}
