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
    /**
     * Kamailio starts a link's idle lifetime only once its reader process hands the idle link back
     * to the main TCP process (seconds: the annex's TCP_CHILD_TIMEOUT), then checks lifetimes on a
     * timer of its own; on a loaded machine the drop came 13 to 17 s after the last message here.
     * What the check guards is that the drop comes from the lifetime (not before it, and not at
     * the default's 7200 s).
     */
    private static final Duration TIMER_SLACK = Duration.ofSeconds(15);

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
        return "Kamailio: without keep-alive (unit1) the proxy closes the link once it has been idle for " + LIFETIME_SECONDS
                + " s (and its reader's hand-back time); a call towards unit1 right then fails (the proxy has no link to it and removed"
                + " its binding); unit1 opens a new link, registers again, and the same call then connects. With a CRLF keep-alive every "
                + KEEP_ALIVE_SECONDS + " s (unit2) the link stays up for twice as long as unit1's lasted. OpenSIPS: the generated"
                + " configuration keeps a registered unit's link as long as its binding (registrar tcp_persistent_flag), so even unit1's"
                + " idle link stays up and calls reach it";
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
            java.time.Instant pingingSince = StatusWatch.time(unit2.awaitStatus(WAIT, "REGISTRATION line=Port1", "state=Registered"));
            String link1 = StatusWatch.now(unit1, "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Up");
            String link2 = StatusWatch.now(unit2, "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Up");

            int port1 = Integer.parseInt(RunningUnit.attribute(link1, "localPort"));
            int proxyPort = lab.proxyAddress().getPort();
            if (lab.kind() == org.secureta.proxykit.Proxy.OPENSIPS) {
                return bindingKeepsTheLink(context, lab, seen, unit1, unit2, registered1, link1, port1, proxyPort);
            }
            // The proxy's close is watched on the TCP connection itself (Linux's table, every few
            // milliseconds): the unit links again a second after it notices, and the call below
            // must go out in that gap.
            long deadline = System.nanoTime() + LIFETIME.plus(WAIT).toNanos();
            while (LinkResources.established(port1, proxyPort) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            java.time.Instant closed = java.time.Instant.now();
            boolean dropped = !LinkResources.established(port1, proxyPort);
            String placed = unit2.command("call", unit1.user());
            String id = placed.split(" ")[1];
            Duration idle = Duration.between(StatusWatch.time(registered1), closed);
            seen.check(dropped && idle.compareTo(LIFETIME.minusMillis(500)) >= 0 && idle.compareTo(LIFETIME.plus(TIMER_SLACK)) <= 0,
                    dropped ? "unit1 (no keep-alive): " + lab.kind().displayName() + " closed its link " + StatusWatch.seconds(idle.toNanos())
                            + " after its last message (the 200 OK to its REGISTER; lifetime " + LIFETIME_SECONDS + " s)"
                            : "unit1's link was not closed within " + StatusWatch.seconds(LIFETIME.plus(WAIT).toNanos()));

            String between = StatusWatch.awaitCallOutcome(unit2, WAIT, id).orElse("no outcome");
            seen.check(between.contains("state=Failed"), "a call towards unit1 right then (before it linked again): " + ScenarioText.strip(between));
            hangUp(unit2, id, between);

            Optional<String> up = StatusWatch.awaitNew(unit1, WAIT, "", "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Up");
            Optional<String> again = StatusWatch.awaitNew(unit1, WAIT, registered1, "REGISTRATION line=Port1", "state=Registered");
            seen.check(up.isPresent() && again.isPresent(), "unit1 links and registers again by itself, "
                    + again.map(l -> StatusWatch.between(closed, StatusWatch.time(l)) + " after the close: " + ScenarioText.strip(l))
                    .orElse(up.map(ScenarioText::strip).orElse("its link did not come back")));
            placed = unit2.command("call", unit1.user());
            id = placed.split(" ")[1];
            String after = StatusWatch.awaitCallOutcome(unit2, WAIT, id).orElse("no outcome");
            seen.check(after.contains("state=Connected") && after.contains("secure=yes"), "the same call once unit1 is back: "
                    + ScenarioText.strip(after));
            hangUp(unit2, id, after);

            // unit2's link must outlive twice the idle time that took unit1's, with nothing but its keep-alives on it.
            java.time.Instant until = pingingSince.plus(idle.multipliedBy(2));
            Duration stay = Duration.between(java.time.Instant.now(), until);
            if (!stay.isNegative()) {
                context.step("watching unit2's link for another " + StatusWatch.seconds(stay.toNanos()));
                Thread.sleep(stay.toMillis()); // the time in which nothing must happen
            }
            String link2Now = StatusWatch.now(unit2, "TLS_LINK gateway=" + UnitProfile.GATEWAY);
            boolean held = lab.proxy().tlsConnections().stream().anyMatch(c -> c.peerPort() == Integer.parseInt(RunningUnit.attribute(link2, "localPort")));
            seen.check(link2Now.equals(link2) && held, "unit2 (CRLF keep-alive every " + KEEP_ALIVE_SECONDS + " s): "
                    + (link2Now.equals(link2) ? "the same link Up for " + StatusWatch.between(pingingSince, java.time.Instant.now())
                    + " since its registration (twice the idle time that ended unit1's)" : "its link changed: " + ScenarioText.strip(link2Now))
                    + (held ? ", and " + lab.kind().displayName() + " still holds it" : ", but " + lab.kind().displayName() + " no longer lists it"));
        }
        return seen;
    }

    /**
     * OpenSIPS: the generated registrar keeps a registered unit's link for as long as its binding
     * (tcp_persistent_flag), so the short lifetime does not apply to unit1's link. Watched for
     * the lifetime and the proxies' slack; then a call must reach unit1 over the same link.
     */
    private static Observations bindingKeepsTheLink(ScenarioContext context, ProxyLab lab, Observations seen, RunningUnit unit1,
                                                    RunningUnit unit2, String registered1, String firstLink, int port1, int proxyPort)
            throws Exception {
        java.time.Instant until = StatusWatch.time(registered1).plus(LIFETIME).plus(TIMER_SLACK);
        boolean kept = true;
        while (kept && java.time.Instant.now().isBefore(until)) {
            kept = LinkResources.established(port1, proxyPort);
            Thread.sleep(20);
        }
        seen.check(kept, kept ? "unit1 (no keep-alive): " + lab.kind().displayName() + " kept its idle link for "
                + StatusWatch.between(StatusWatch.time(registered1), java.time.Instant.now()) + " (lifetime " + LIFETIME_SECONDS
                + " s): the generated registrar sets tcp_persistent_flag, so a registered link lives as long as its binding"
                : "unit1's link was closed although it carries a binding");
        String placed = unit2.command("call", unit1.user());
        String id = placed.split(" ")[1];
        String call = StatusWatch.awaitCallOutcome(unit2, WAIT, id).orElse("no outcome");
        seen.check(call.contains("state=Connected") && call.contains("secure=yes"), "a call towards unit1 after that idle time: "
                + ScenarioText.strip(call));
        hangUp(unit2, id, call);
        String link1 = StatusWatch.now(unit1, "TLS_LINK gateway=" + UnitProfile.GATEWAY);
        seen.check(link1.equals(firstLink), link1.equals(firstLink) ? "unit1's link is still the first one: " + ScenarioText.strip(link1)
                : "unit1's link changed: " + ScenarioText.strip(link1));
        context.step("(a link without binding would be closed after " + LIFETIME_SECONDS + " s: --connection-lifetime sets tcp_connection_lifetime)");
        return seen;
    }

    private static void hangUp(RunningUnit unit, String id, String outcome) throws Exception {
        if (outcome.contains("state=Connected")) {
            unit.command("hangup", id);
            StatusWatch.await(unit, WAIT, l -> l.contains("CALL call=" + id + " ") && (l.contains("state=Ended") || l.contains("state=Failed")));
        }
    }
}
