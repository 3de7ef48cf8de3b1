package org.secureta.srtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.LineSecurityConfiguration;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.media.MediaEngine;
import org.secureta.srtp.media.RtpSession;
import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.RegistrationStatus;
import org.secureta.transport.SipResponse;
import org.secureta.transport.SipTransport;
import org.secureta.transport.TransportConfiguration;
import org.secureta.transport.UnitEvent;

/**
 * The unit's call agent. Created once provisioning has written its configuration. A changed
 * configuration does not drop calls: the agent takes it when no call is in progress (at once, or
 * when the last call ends); only a changed media address, which live calls' sockets are bound
 * to, restarts the agent, and then every call in progress ends visibly (CALL Ended with
 * {@code reason="reconfigured: ..."}). Call numbers go on increasing across restarts. Key managements are a dynamic set of services, chosen by their
 * {@value KeyManagement#NAME_PROPERTY}; the Gogo commands {@code ta:call}, {@code ta:answer},
 * {@code ta:hangup} and {@code ta:calls} drive it from the shell.
 */
@Component(
        configurationPid = CallAgentConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        service = CallAgentComponent.class,
        property = {
                "osgi.command.scope=ta",
                "osgi.command.function=call",
                "osgi.command.function=answer",
                "osgi.command.function=hangup",
                "osgi.command.function=calls"
        })
@Designate(ocd = CallAgentConfiguration.class)
public final class CallAgentComponent implements KeyManagements {

    private static final System.Logger LOG = System.getLogger(CallAgentComponent.class.getName());
    /** The media engines: the built-in Native one and those other bundles register (SecureTA.MediaEngine). */
    private final Map<String, MediaEngine> mediaEngines = new ConcurrentHashMap<>(Map.of(RtpSession.ENGINE, RtpSession.NATIVE));
    private final MediaEngines engines = new MediaEngines() {
        @Override
        public Optional<MediaEngine> named(String name) {
            return Optional.ofNullable(mediaEngines.get(name));
        }

        @Override
        public Collection<String> names() {
            return mediaEngines.keySet().stream().sorted().toList();
        }
    };

    private static final String NO_TRANSPORT = "no SIP transport: the call agent waits for tls-transport's configuration";
    /** The unit's call numbers, kept across re-activations (a new configuration or transport): ids never restart at 1. */
    private static final CallRegistry.Numbers NUMBERS = new CallRegistry.Numbers();

    private final Map<String, KeyManagement> registered = new ConcurrentHashMap<>();
    private final SipTransport sip;
    /** Null while there is no SIP transport, or when the configuration is unusable. */
    private volatile CallAgent agent;
    /** Why {@link #agent} is null. */
    private volatile String unavailable;

    /** Present whenever this component is: its configuration (policy REQUIRE) comes from it. */
    private final ConfigurationAdmin configurations;
    private final EventAdmin events;
    /** The media address the agent's sockets use: a change of it cannot wait for calls to end. */
    private volatile String mediaAddress;

    /**
     * The SIP transport is optional and greedy: the agent announces its configuration at once,
     * and restarts with calls enabled when the transport (configured by provisioning) appears.
     */
    @Activate
    public CallAgentComponent(@Reference EventAdmin events,
                              @Reference ConfigurationAdmin configurations,
                              @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) SipTransport sip,
                              CallAgentConfiguration config) {
        this.sip = sip;
        this.configurations = configurations;
        this.events = events;
        start(config);
    }

    private void start(CallAgentConfiguration config) {
        this.mediaAddress = config.mediaAddress();
        InetAddress media;
        try {
            media = MediaAddress.resolve(config.mediaAddress(), transportLocalAddress(configurations));
        } catch (IllegalArgumentException e) {
            // Say why no call can be made, rather than failing activation silently in the SCR log.
            post(UnitEvent.of(UnitEvent.ERROR, "source", "srtp-ta", "state", "Rejected", "message", e.getMessage()));
            this.agent = null;
            this.unavailable = "calls disabled: " + e.getMessage();
            return;
        }
        this.unavailable = sip == null ? NO_TRANSPORT : "";
        if (!config.srtpKeyLogFile().isBlank()) {
            LOG.log(System.Logger.Level.WARNING, "SRTP KEY LOG IS ON: the master key and salt of every call are written to "
                    + config.srtpKeyLogFile().strip() + " (SecureTA.SrtpKeyLogEnable); anyone with that file can decrypt the calls' audio");
        }
        prepare(config.mediaEngine().name());
        post(UnitEvent.of("MEDIA",
                "agent", "srtp-ta",
                "state", "Configured",
                "rtpMode", config.rtpMode().name(),
                "keyManagement", config.keyManagement(),
                "encryption", config.rtpEncryption().name(),
                "mediaAddress", media.getHostAddress(),
                "mediaEngine", config.mediaEngine().name()));
        this.agent = sip == null ? null : new CallAgent(sip, config, this, this::post,
                CallAgent.MediaSettings.at(media), this::lineOverride, NUMBERS, engines);
    }

    private void post(UnitEvent event) {
        events.postEvent(new Event(event.topic(), event.toProperties()));
    }

    /**
     * A changed configuration: applied without ending calls (at once, or when they have ended),
     * unless the media address changed, which needs new sockets: the calls in progress then end
     * visibly and a new agent starts.
     */
    @Modified
    void modified(CallAgentConfiguration changed) {
        CallAgent running = agent;
        if (running != null && changed.mediaAddress().equals(mediaAddress)) {
            prepare(changed.mediaEngine().name());
            running.reconfigure(changed);
            return;
        }
        if (running != null) {
            running.close("reconfigured: the media address changed");
        }
        start(changed);
    }

    /** The address the SIP transport binds (TransportConfiguration.localAddress), empty when it uses the host's. */
    private static String transportLocalAddress(ConfigurationAdmin admin) {
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + TransportConfiguration.PID + ")");
            if (found != null && found.length > 0 && found[0].getProperties() != null) {
                Object address = found[0].getProperties().get("localAddress");
                return address == null ? "" : address.toString();
            }
        } catch (IOException | InvalidSyntaxException e) {
            // no transport configuration to read: the host's address, as the transport would use
        }
        return "";
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addKeyManagement(KeyManagement keyManagement, Map<String, Object> properties) {
        // Before any SDP of the method is read: its key attributes never reach a log (Attribute.toString).
        org.secureta.srtp.sdp.SecretAttributes.declare(keyManagement.needs().attributeNames());
        registered.put(String.valueOf(properties.getOrDefault(KeyManagement.NAME_PROPERTY, keyManagement.name())), keyManagement);
    }

    /**
     * A media engine of another bundle (Libjitsi): a call opened after it came uses it when
     * SecureTA.MediaEngine names it; one opened before keeps the session it has.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMediaEngine(MediaEngine engine, Map<String, Object> properties) {
        String name = String.valueOf(properties.getOrDefault(MediaEngine.NAME_PROPERTY, engine.name()));
        if (!name.equals(RtpSession.ENGINE)) {
            mediaEngines.put(name, engine);
            if (name.equals(configuredEngine)) {
                prepare(name);
            }
        }
    }

    /** The engine SecureTA.MediaEngine names now. */
    private volatile String configuredEngine = RtpSession.ENGINE;

    /** Lets the configured engine do its one-time start-up off the call path (libjitsi's media service, its AES choice). */
    private void prepare(String name) {
        configuredEngine = name;
        MediaEngine engine = mediaEngines.get(name);
        if (engine == null || name.equals(RtpSession.ENGINE)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                engine.prepare();
            } catch (RuntimeException e) {
                System.getLogger(CallAgentComponent.class.getName()).log(System.Logger.Level.WARNING,
                        "media engine {0} could not prepare: {1}", name, e.toString());
            }
        }, "media-engine-prepare-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    void removeMediaEngine(MediaEngine engine, Map<String, Object> properties) {
        mediaEngines.remove(String.valueOf(properties.getOrDefault(MediaEngine.NAME_PROPERTY, engine.name())), engine);
    }

    void removeKeyManagement(KeyManagement keyManagement, Map<String, Object> properties) {
        registered.remove(String.valueOf(properties.getOrDefault(KeyManagement.NAME_PROPERTY, keyManagement.name())), keyManagement);
    }

    @Override
    public Optional<KeyManagement> named(String name) {
        return Optional.ofNullable(registered.get(name));
    }

    @Override
    public Collection<KeyManagement> all() {
        return List.copyOf(registered.values());
    }

    @Deactivate
    void deactivate() {
        CallAgent running = agent;
        if (running != null) {
            running.close("agent stopped");
        }
    }

    // ---------------------------------------------------------------- Gogo commands

    /** {@code ta:call USER}: calls a user of the first line's gateway, or a full {@code sip:} URI. */
    @Descriptor("usage: ta:call USER: calls USER at the first line's gateway (or a full sip:/sips: URI); ta:calls follows it")
    public String call() {
        return "usage: ta:call USER   e.g. ta:call 200, or ta:call sips:200@proxy.example";
    }

    @Descriptor("calls USER at the first line's gateway, or a full sip:/sips: URI; ta:calls follows it")
    public String call(@Descriptor("the user (e.g. 200) or a sip:/sips: URI") String target) throws IOException, KeyManagementException {
        if (agent == null) {
            return unavailable;
        }
        List<RegistrationStatus> lines = sip.registrations();
        if (lines.isEmpty()) {
            return "no line configured";
        }
        RegistrationStatus line = lines.get(0);
        String uri = target.startsWith("sip:") || target.startsWith("sips:") ? target : "sip:" + target + "@" + domainOf(line.gateway());
        String id = agent.call(line.line(), uri);
        return "call " + id + " to " + uri;
    }

    /** {@code ta:answer}: answers the oldest ringing incoming call. */
    @Descriptor("answers the oldest ringing incoming call")
    public String answer() {
        if (agent == null) {
            return unavailable;
        }
        Optional<CallStatus> ringing = agent.calls().stream().filter(c -> !c.outgoing() && c.state() == CallState.Ringing).findFirst();
        if (ringing.isEmpty()) {
            return "no incoming call is ringing";
        }
        agent.answer(ringing.get().id());
        return "answered call " + ringing.get().id();
    }

    /** {@code ta:hangup}: hangs up the only call in progress. */
    @Descriptor("hangs up the only call in progress (with several: ta:hangup CALLID, see ta:calls)")
    public String hangup() throws Exception {
        if (agent == null) {
            return unavailable;
        }
        List<CallStatus> active = agent.calls().stream().filter(c -> !c.state().isFinal()).toList();
        if (active.size() != 1) {
            return active.isEmpty() ? "no call in progress" : "several calls in progress: ta:hangup ID (see ta:calls)";
        }
        return hangup(active.get(0).id());
    }

    /** {@code ta:hangup ID}. */
    @Descriptor("hangs up one call")
    public String hangup(@Descriptor("the call's id, as ta:calls shows it") String id) throws Exception {
        if (agent == null) {
            return unavailable;
        }
        SipResponse answer = agent.hangup(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "call " + id + " hung up" + (answer == null ? "" : " (" + answer.statusCode() + " " + answer.reasonPhrase() + ")");
    }

    /** {@code ta:calls}: one line per call. */
    @Descriptor("one line per call: id, peer, state, security, key management, suite and packet counters")
    public String calls() {
        if (agent == null) {
            return unavailable;
        }
        List<String> lines = new ArrayList<>();
        agent.calls().forEach(c -> lines.add(c.describe()));
        return lines.isEmpty() ? "no calls" : String.join("\n", lines);
    }

    /**
     * The line's Mipt.EpSpecificSecurity override, read from ConfigAdmin when a call starts: provisioning
     * writes one {@link LineSecurityConfiguration#FACTORY_PID} configuration per enabled row.
     */
    private Optional<LineSecurity> lineOverride(String endpointId) {
        ConfigurationAdmin admin = configurations;
        if (endpointId.isEmpty()) {
            return Optional.empty();
        }
        Configuration[] found;
        try {
            found = admin.listConfigurations("(&(service.factoryPid=" + LineSecurityConfiguration.FACTORY_PID + ")(endpointId="
                    + endpointId.replaceAll("[()*\\\\]", "") + "))");
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalArgumentException("cannot read the security override of line " + endpointId + ": " + e.getMessage(), e);
        }
        if (found == null || found.length == 0 || found[0].getProperties() == null) {
            return Optional.empty();
        }
        Dictionary<String, Object> properties = found[0].getProperties();
        Map<String, Object> map = new HashMap<>();
        for (String key : Collections.list(properties.keys())) {
            map.put(key, properties.get(key));
        }
        return Optional.of(LineSecurity.fromProperties(map));
    }

    /** The gateway's registrar host, from ConfigAdmin; the SIP transport routes the request to the gateway anyway. */
    private String domainOf(String gateway) {
        ConfigurationAdmin admin = configurations;
        if (admin != null) {
            try {
                Configuration[] found = admin.listConfigurations("(&(service.factoryPid=" + GatewayConfiguration.FACTORY_PID + ")(name="
                        + gateway.replaceAll("[()*\\\\]", "") + "))");
                if (found != null && found.length > 0 && found[0].getProperties() != null) {
                    Object host = found[0].getProperties().get("registrarHost");
                    if (host != null && !host.toString().isBlank()) {
                        return host.toString();
                    }
                }
            } catch (IOException | InvalidSyntaxException e) {
                // fall back to loopback below
            }
        }
        return "127.0.0.1";
    }
}
