package org.secureta.srtp.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.mikey.MikeyKeyManagement;
import org.secureta.srtp.sdes.SdesKeyManagement;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.internal.ConfigProxies;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * One unit of a call test: a real SIP unit registered over TLS with a real Kamailio, its call
 * agent with both real key managements registered (SDES and MIKEY, as in the bundle), and the
 * events both post.
 */
final class Party implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String PSK = "00112233445566778899aabbccddeeff";

    final String user;
    final UnitEvents events;
    final SipUnit unit;
    final CallAgent agent;

    private Party(String user, UnitEvents events, SipUnit unit, CallAgent agent) {
        this.user = user;
        this.events = events;
        this.unit = unit;
        this.agent = agent;
    }

    /** Registers {@code user} (password {@code pw<user>}) and starts its agent with {@code settings} (CallAgentConfiguration attributes). */
    static Party start(TestCa ca, Kamailio kamailio, String user, Map<String, Object> settings) throws Exception {
        return start(ca, kamailio, user, settings, "127.0.0.1", LineOverrides.NONE);
    }

    /**
     * As {@link #start(TestCa, Kamailio, String, Map)}, with the unit's SIP transport bound to
     * {@code localAddress} (a loopback address) and the line overrides of the agent; the media
     * address is resolved as the bundle's component does (mediaAddress, else the transport's).
     */
    static Party start(TestCa ca, Kamailio kamailio, String user, Map<String, Object> settings, String localAddress,
                       LineOverrides overrides) throws Exception {
        return start(ca, kamailio, user, settings, localAddress, overrides, MediaEngines.NATIVE);
    }

    /** As above, the calls' media on the engine {@code settings} name (mediaEngine) among {@code engines}. */
    static Party start(TestCa ca, Kamailio kamailio, String user, Map<String, Object> settings, MediaEngines engines) throws Exception {
        return start(ca, kamailio, user, settings, "127.0.0.1", LineOverrides.NONE, engines);
    }

    static Party start(TestCa ca, Kamailio kamailio, String user, Map<String, Object> settings, String localAddress,
                       LineOverrides overrides, MediaEngines engines) throws Exception {
        UnitEvents events = new UnitEvents();
        SipUnit unit = Units.tls(ca.credentials(null))
                .with("localAddress", localAddress)
                .with("persistentBasePort", FreePorts.persistentBase())
                .with("registrationTransportParameter", true)
                .with("contactTransportParameter", true)
                .gateway("gw", kamailio.hostPort())
                .line("1", user, "pw" + user, "gw")
                .start(events);
        Map<String, Object> properties = new HashMap<>(settings);
        properties.putIfAbsent("srtpBasePort", 0);
        // The methods' own settings go to the methods, as provisioning writes them to their own PIDs.
        Object lifetime = properties.remove(SdesKeyManagement.KEY_LIFETIME_PROPERTY);
        CallAgentConfiguration config = ConfigProxies.of(CallAgentConfiguration.class, properties);
        CallAgent agent = new CallAgent(unit, config, bothKeyManagements(lifetime == null ? "" : lifetime.toString()), events::post,
                CallAgent.MediaSettings.at(MediaAddress.resolve(config.mediaAddress(), localAddress)), overrides, engines);
        events.await(e -> e.kind().equals(UnitEvent.REGISTRATION) && "Registered".equals(e.get("state")), WAIT);
        return new Party(user, events, unit, agent);
    }

    static KeyManagements bothKeyManagements() {
        return bothKeyManagements("");
    }

    /** SDES announcing {@code sdesKeyLifetime} (empty: none), MIKEY with the pre-shared key {@link #PSK}. */
    static KeyManagements bothKeyManagements(String sdesKeyLifetime) {
        return keyManagements(new SdesKeyManagement(Map.of(SdesKeyManagement.KEY_LIFETIME_PROPERTY, sdesKeyLifetime)),
                new MikeyKeyManagement(Map.of(MikeyKeyManagement.PRE_SHARED_KEY_PROPERTY, PSK)));
    }

    static KeyManagements keyManagements(KeyManagement... methods) {
        List<KeyManagement> all = List.of(methods);
        return new KeyManagements() {
            @Override
            public Optional<KeyManagement> named(String name) {
                return all.stream().filter(k -> k.name().equals(name)).findFirst();
            }

            @Override
            public Collection<KeyManagement> all() {
                return all;
            }
        };
    }

    String uriAt(Kamailio kamailio) {
        return "sip:" + user + "@" + kamailio.hostPort();
    }

    /** Waits for a CALL event of this party in {@code state}. */
    UnitEvent awaitCall(String state) throws InterruptedException {
        return events.await(call(state), WAIT);
    }

    static Predicate<UnitEvent> call(String state) {
        return e -> e.kind().equals(UnitEvent.CALL) && state.equals(e.get("state"));
    }

    /** The first call of this party that reached {@code state}. */
    String callIn(String state) throws InterruptedException {
        return awaitCall(state).get("call");
    }

    @Override
    public void close() {
        agent.close();
        unit.close();
    }
}
