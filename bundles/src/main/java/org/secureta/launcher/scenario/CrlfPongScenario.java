package org.secureta.launcher.scenario;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secureta.launcher.RunningUnit;
import org.secureta.launcher.UnitProfile;

/**
 * RFC 5626 section 4.4.1 keep-alive on a persistent TLS link: the unit sends a double CRLF
 * ("ping"), the proxy answers a single CRLF ("pong"). A pong may arrive right in front of a SIP
 * response, in the same TLS record and so in the same read; a stack that frames by "the first
 * line starts here" takes the CRLF for an empty start line, or drops the response with it. unit1
 * reaches the proxy through a {@link PongRelay} that puts a pong in front of every response.
 */
public final class CrlfPongScenario implements Scenario {

    static final int KEEP_ALIVE_SECONDS = 2;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "crlf-pong";
    }

    @Override
    public String guideSection() {
        return "link";
    }

    @Override
    public String title() {
        return "RFC 5626 CRLF keep-alive on the TLS link, with a pong in the same TLS record as a response";
    }

    @Override
    public String expected() {
        return "unit1 (SecureTA.TlsKeepAliveInterval=" + KEEP_ALIVE_SECONDS + ") sends CRLFCRLF pings and the proxy answers CRLF pongs;"
                + " with a pong put right in front of every response (same record, same read), unit1 still registers, its link stays Up"
                + " (the pongs are seen), and a call from unit1 connects with SRTP and ends cleanly";
    }

    @Override
    public Observations run(ScenarioContext context) throws Exception {
        Observations seen = new Observations();
        try (ProxyLab lab = context.lab(List.of("unit1", "unit2"))) {
            UnitProfile p1 = UnitProfile.tlsLine("100", "scenario-pw-100", lab.registrar(), lab.ports().next());
            UnitProfile p2 = UnitProfile.tlsLine("101", "scenario-pw-101", lab.registrar(), lab.ports().next());
            Map<String, UnitProfile> profiles = new LinkedHashMap<>();
            profiles.put("unit1", p1);
            profiles.put("unit2", p2);
            lab.startProxy(profiles);
            Path keyStore = context.dir().resolve("pong-relay.p12");
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            // The key store holds the proxy's private key: owner-only, under a password of this run only.
            String password = HexFormat.of().formatHex(secret);
            DistributionClasses.call(context.distribution(), RelayKeyStore.class.getName(), "write",
                    lab.kit().proxyCertDir().toString(), keyStore.toString(), password);
            try (PongRelay relay = PongRelay.start(keyStore, password.toCharArray(), lab.kit().caCertificate(), lab.proxyAddress())) {
                String outbound = "SipEp.GwSpecificProxy[" + UnitProfile.GATEWAY + "].OutboundHost";
                context.step("unit1 reaches " + lab.kind().displayName() + " through a TLS relay on " + relay.hostPort() + " (" + outbound
                        + ") with the proxy's certificate, which puts \"\\r\\n\" in front of every response, in the same TLS record");
                RunningUnit unit1 = lab.startUnit("unit1", p1.with(outbound, relay.hostPort())
                        .with("SecureTA.TlsKeepAliveInterval", Integer.toString(KEEP_ALIVE_SECONDS)));
                RunningUnit unit2 = lab.startUnit("unit2", p2);
                String registered = unit1.awaitStatus(WAIT, "REGISTRATION line=Port1", "state=Registered");
                unit2.awaitStatus(WAIT, "REGISTRATION line=Port1", "state=Registered");
                int[] counts = relay.counts();
                seen.check(counts[2] >= 2, "unit1 registered with " + counts[2] + " response(s) each preceded by a pong in the same record: "
                        + ScenarioText.strip(registered));
                String link = StatusWatch.now(unit1, "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Up");

                int[] from = relay.counts();
                boolean exchanged = relay.awaitKeepAlives(from[0] + 3, from[1] + 3, Duration.ofSeconds(4L * KEEP_ALIVE_SECONDS + 10));
                counts = relay.counts();
                seen.check(exchanged, "keep-alive: unit1 sent " + (counts[0] - from[0]) + " CRLFCRLF ping(s), " + lab.kind().displayName()
                        + " answered " + (counts[1] - from[1]) + " CRLF pong(s)");

                String placed = unit1.command("call", unit2.user());
                String id = placed.split(" ")[1];
                int before = relay.counts()[2];
                String call = StatusWatch.awaitCallOutcome(unit1, WAIT, id).orElse("no outcome");
                seen.check(call.contains("state=Connected") && call.contains("secure=yes"), "unit1 calls unit2 ("
                        + (relay.counts()[2] - before) + " response(s) with a pong in front): " + ScenarioText.strip(call));
                if (call.contains("state=Connected")) {
                    unit1.command("hangup", id);
                    String ended = StatusWatch.await(unit1, WAIT, l -> l.contains("CALL call=" + id + " ")
                            && (l.contains("state=Ended") || l.contains("state=Failed"))).orElse("not ended");
                    seen.check(ended.contains("state=Ended"), "unit1 hangs up (the BYE's 200 OK with a pong in front): " + ScenarioText.strip(ended));
                }
                // Two more keep-alives after all that: a mis-framed pong would have closed or replaced the link by now.
                from = relay.counts();
                relay.awaitKeepAlives(from[0] + 2, from[1] + 2, Duration.ofSeconds(3L * KEEP_ALIVE_SECONDS + 10));
                String linkNow = StatusWatch.now(unit1, "TLS_LINK gateway=" + UnitProfile.GATEWAY);
                seen.check(linkNow.equals(link), linkNow.equals(link) ? "unit1's link stayed Up throughout, the same connection: "
                        + ScenarioText.strip(link) : "unit1's link changed: " + ScenarioText.strip(linkNow));
            }
        }
        return seen;
    }
}
