package org.secureta.launcher.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.secureta.launcher.RunningUnit;
import org.secureta.launcher.UnitProfile;

/**
 * The guide's annex problem, scaled down: the proxy closed TLS links idle for 2 minutes, the unit
 * opened a new one, and calls towards the unit failed in between. Here the proxy's idle lifetime
 * is {@value #LIFETIME_SECONDS} s ({@code ta opensips-config --connection-lifetime}); unit1 sends
 * no keep-alive (SecureTA.TlsKeepAliveInterval=0, the default), unit2 an RFC 5626 CRLF ping every
 * {@value #KEEP_ALIVE_SECONDS} s, which counts as traffic for the proxy.
 */
public final class IdleDropScenario implements Scenario {

    static final int LIFETIME_SECONDS = 6;
    static final int KEEP_ALIVE_SECONDS = 2;
    private static final Duration LIFETIME = Duration.ofSeconds(LIFETIME_SECONDS);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The proxies check idle links on a timer of their own (a second or so): a drop that late is still "at the lifetime". */
    private static final Duration TIMER_SLACK = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "idle-drop";
    }

    @Override
    public String guideSection() {
        return "annex";
    }

    @Override
    public String title() {
        return "the proxy drops idle TLS links (the 2-minute problem, scaled down to " + LIFETIME_SECONDS + " s)";
    }

    @Override
    public String expected() {
        return "without keep-alive (unit1) the proxy closes the link once it has been idle for " + LIFETIME_SECONDS + " s; a call towards"
                + " unit1 right then fails (the proxy has no link to it and removed its binding); unit1 opens a new link, registers"
                + " again, and the same call then connects. With a CRLF keep-alive every " + KEEP_ALIVE_SECONDS + " s (unit2) the link"
                + " stays up for longer than two lifetimes";
    }

    @Override
    public Observations run(ScenarioContext context) throws Exception {
        Observations seen = new Observations();
        try (ProxyLab lab = context.lab(List.of("unit1", "unit2"))) {
            UnitProfile quiet = UnitProfile.tlsLine("100", "scenario-pw-100", lab.registrar(), lab.ports().next());
            UnitProfile pinging = UnitProfile.tlsLine("101", "scenario-pw-101", lab.registrar(), lab.ports().next())
                    .with("SecureTA.TlsKeepAliveInterval", Integer.toString(KEEP_ALIVE_SECONDS));
            Map<String, UnitProfile> profiles = new LinkedHashMap<>();
            profiles.put("unit1", quiet);
            profiles.put("unit2", pinging);
            context.step("the proxy closes TLS links idle for " + LIFETIME_SECONDS + " s (generated with --connection-lifetime "
                    + LIFETIME_SECONDS + "; the default is 7200 s)");
            lab.startProxyWithConnectionLifetime(profiles, LIFETIME);
            context.step("unit1: SecureTA.TlsKeepAliveInterval=0 (no keep-alive); unit2: SecureTA.TlsKeepAliveInterval=" + KEEP_ALIVE_SECONDS);
            RunningUnit unit1 = lab.startUnit("unit1", quiet);
            RunningUnit unit2 = lab.startUnit("unit2", pinging);
            String registered1 = unit1.awaitStatus(WAIT, "REGISTRATION line=Port1", "state=Registered");
            long idleFrom = System.nanoTime();
            unit2.awaitStatus(WAIT, "REGISTRATION line=Port1", "state=Registered");
            long pingingSince = System.nanoTime();
            String link2 = StatusWatch.now(unit2, "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Up");

            Optional<String> dropped = StatusWatch.awaitNew(unit1, LIFETIME.plus(WAIT), "", "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Down");
            long idle = System.nanoTime() - idleFrom;
            seen.check(dropped.isPresent() && idle >= LIFETIME.minusSeconds(1).toNanos() && idle <= LIFETIME.plus(TIMER_SLACK).toNanos(),
                    "unit1 (no keep-alive): the link was closed after " + StatusWatch.seconds(idle) + " without traffic: "
                            + dropped.map(ScenarioText::strip).orElse("it did not drop"));

            // Right away, before unit1 has linked and registered again (it waits a second first).
            String placed = unit2.command("call", unit1.user());
            String id = placed.split(" ")[1];
            String between = StatusWatch.awaitCallOutcome(unit2, WAIT, id).orElse("no outcome");
            context.step("unit2 calls 100 while unit1 has no link: " + ScenarioText.strip(between));
            seen.check(between.contains("state=Failed"), "a call towards unit1 in between: " + ScenarioText.strip(between));
            hangUp(unit2, id, between);

            Optional<String> up = StatusWatch.awaitNew(unit1, WAIT, "", "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Up");
            Optional<String> again = StatusWatch.awaitNew(unit1, WAIT, registered1, "REGISTRATION line=Port1", "state=Registered");
            seen.check(up.isPresent() && again.isPresent(), "unit1 links and registers again by itself: "
                    + again.map(ScenarioText::strip).orElse(up.map(ScenarioText::strip).orElse("its link did not come back")));
            placed = unit2.command("call", unit1.user());
            id = placed.split(" ")[1];
            String after = StatusWatch.awaitCallOutcome(unit2, WAIT, id).orElse("no outcome");
            seen.check(after.contains("state=Connected") && after.contains("secure=yes"), "the same call once unit1 is back: "
                    + ScenarioText.strip(after));
            hangUp(unit2, id, after);

            // unit2's link must outlive two lifetimes with nothing but its keep-alives on it.
            long stay = 2 * LIFETIME.toNanos() + Duration.ofSeconds(1).toNanos() - (System.nanoTime() - pingingSince);
            if (stay > 0) {
                context.step("watching unit2's link for another " + StatusWatch.seconds(stay));
                Thread.sleep(stay / 1_000_000);
            }
            String link2Now = StatusWatch.now(unit2, "TLS_LINK gateway=" + UnitProfile.GATEWAY);
            boolean held = lab.proxy().tlsConnections().stream().anyMatch(c -> c.peerPort() == Integer.parseInt(RunningUnit.attribute(link2, "localPort")));
            seen.check(link2Now.equals(link2) && held, "unit2 (CRLF keep-alive every " + KEEP_ALIVE_SECONDS + " s): "
                    + (link2Now.equals(link2) ? "the same link Up for " + StatusWatch.seconds(System.nanoTime() - pingingSince)
                    + " (more than two lifetimes)" : "its link changed: " + ScenarioText.strip(link2Now))
                    + (held ? ", and " + lab.kind().displayName() + " still holds it" : ", but " + lab.kind().displayName() + " no longer lists it"));
        }
        return seen;
    }

    private static void hangUp(RunningUnit unit, String id, String outcome) throws Exception {
        if (outcome.contains("state=Connected")) {
            unit.command("hangup", id);
            StatusWatch.await(unit, WAIT, l -> l.contains("CALL call=" + id + " ") && (l.contains("state=Ended") || l.contains("state=Failed")));
        }
    }
}
