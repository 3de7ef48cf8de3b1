package org.secureta.launcher.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.secureta.launcher.RunningUnit;
import org.secureta.launcher.UnitProfile;
import org.secureta.proxykit.TcpRelay;

/**
 * The path to the proxy goes dead without a FIN or a RST (a NAT that forgot the mapping, a
 * firewall that drops, a cable pulled behind a switch): the TCP connection stays "established"
 * for the operating system for hours. Each unit reaches the proxy through a relay of its own
 * (SipEp.GwSpecificProxy OutboundHost), a {@link TcpRelay} that can go silent. A unit that sends
 * RFC 5626 CRLF keep-alives notices when a ping gets no pong (section 4.4.1); one that does not
 * notices only when a request of its own over the link times out (Timer B/F, 64*T1 = 32 s). Either
 * way it must then open a new connection and register again.
 */
public final class LinkBlackholeScenario implements Scenario {

    static final int KEEP_ALIVE_SECONDS = 2;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(KEEP_ALIVE_SECONDS);
    /** The pong wait is RFC 5626's 10 s or one keep-alive interval when that is shorter (PersistentLink). */
    private static final Duration PONG_WAIT = KEEP_ALIVE;
    /** A ping is due within one interval of the silence, its pong within the pong wait; a second for the timer's rounding. */
    private static final Duration DETECTION_WITH_KEEP_ALIVE = KEEP_ALIVE.plus(PONG_WAIT).plusSeconds(1);
    /** RFC 3261 17.1.1.2 Timer B, 64*T1 with T1 = 500 ms. */
    private static final Duration TIMER_B = Duration.ofSeconds(32);
    /** How long the unit without keep-alive is watched before it sends anything. */
    private static final Duration WATCH = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "link-blackhole";
    }

    @Override
    public String guideSection() {
        return "link";
    }

    @Override
    public String title() {
        return "the path to the proxy goes silent without FIN or RST: how long until the unit notices, and does it recover";
    }

    @Override
    public String expected() {
        return "with a CRLF keep-alive every " + KEEP_ALIVE_SECONDS + " s (unit1) the unit marks the link Down within "
                + DETECTION_WITH_KEEP_ALIVE.toSeconds() + " s (next ping + pong wait, RFC 5626 4.4.1), opens a new connection and registers"
                + " again; without keep-alive (unit2) the link still looks Up " + WATCH.toSeconds() + " s later, and the unit notices only"
                + " when its next request over it times out (Timer B, " + TIMER_B.toSeconds() + " s), then recovers the same way; calls work after";
    }

    @Override
    public Observations run(ScenarioContext context) throws Exception {
        Observations seen = new Observations();
        try (ProxyLab lab = context.lab(List.of("unit1", "unit2"));
             TcpRelay relay1 = TcpRelay.start(lab.proxyAddress().getPort());
             TcpRelay relay2 = TcpRelay.start(lab.proxyAddress().getPort())) {
            UnitProfile p1 = UnitProfile.tlsLine("100", "scenario-pw-100", lab.registrar(), lab.ports().next());
            UnitProfile p2 = UnitProfile.tlsLine("101", "scenario-pw-101", lab.registrar(), lab.ports().next());
            Map<String, UnitProfile> profiles = new LinkedHashMap<>();
            profiles.put("unit1", p1);
            profiles.put("unit2", p2);
            lab.startProxy(profiles);
            String outbound = "SipEp.GwSpecificProxy[" + UnitProfile.GATEWAY + "].OutboundHost";
            context.step("unit1 reaches the proxy through relay " + relay1.hostPort() + " (" + outbound + "), with"
                    + " SecureTA.TlsKeepAliveInterval=" + KEEP_ALIVE_SECONDS + "; unit2 through relay " + relay2.hostPort() + ", without keep-alive");
            RunningUnit unit1 = lab.startUnit("unit1", p1.with(outbound, relay1.hostPort())
                    .with("SecureTA.TlsKeepAliveInterval", Integer.toString(KEEP_ALIVE_SECONDS)));
            RunningUnit unit2 = lab.startUnit("unit2", p2.with(outbound, relay2.hostPort()));
            String registered1 = unit1.awaitStatus(WAIT, "REGISTRATION line=Port1", "state=Registered");
            String registered2 = unit2.awaitStatus(WAIT, "REGISTRATION line=Port1", "state=Registered");
            // A pong must have come back once: the unit treats a server that never answers pings differently.
            relay1.awaitForwarded(relay1.forwarded(), 1, 1, WAIT);

            context.step("relay1 goes silent: unit1's connection forwards nothing more, in either direction, and is not closed");
            relay1.goSilent();
            long silent1 = System.nanoTime();
            Optional<String> down1 = StatusWatch.awaitNew(unit1, WAIT, "", "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Down");
            long noticed1 = System.nanoTime() - silent1;
            seen.check(down1.isPresent() && noticed1 <= DETECTION_WITH_KEEP_ALIVE.toNanos(), "unit1 (keep-alive) noticed after "
                    + StatusWatch.seconds(noticed1) + ": " + down1.map(ScenarioText::strip).orElse("its link did not go Down"));
            recovered(seen, unit1, registered1, silent1);

            context.step("relay2 goes silent under unit2's link");
            relay2.goSilent();
            long silent2 = System.nanoTime();
            Thread.sleep(WATCH.toMillis()); // nothing can happen here to wait on: this is the time nothing happens
            String link2 = StatusWatch.now(unit2, "TLS_LINK gateway=" + UnitProfile.GATEWAY);
            seen.check(link2.contains("state=Up"), "unit2 (no keep-alive) " + WATCH.toSeconds() + " s into the silence still has: "
                    + ScenarioText.strip(link2));
            String placed = unit2.command("call", unit1.user());
            String id = placed.split(" ")[1];
            long sent = System.nanoTime();
            context.step("unit2 calls 100 over the silent link: " + placed);
            Optional<String> down2 = StatusWatch.awaitNew(unit2, TIMER_B.plus(WAIT), "", "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Down");
            long noticed2 = System.nanoTime() - sent;
            seen.check(down2.isPresent() && noticed2 >= TIMER_B.minusSeconds(2).toNanos() && noticed2 <= TIMER_B.plusSeconds(5).toNanos(),
                    "unit2 noticed " + StatusWatch.seconds(System.nanoTime() - silent2) + " into the silence, "
                            + StatusWatch.seconds(noticed2) + " after its INVITE (Timer B): " + down2.map(ScenarioText::strip).orElse("its link did not go Down"));
            String failed = StatusWatch.awaitCallOutcome(unit2, WAIT, id).orElse("no outcome");
            context.step("unit2's call over the silent link: " + ScenarioText.strip(failed));
            recovered(seen, unit2, registered2, silent2);

            placed = unit1.command("call", unit2.user());
            id = placed.split(" ")[1];
            String call = StatusWatch.awaitCallOutcome(unit1, WAIT, id).orElse("no outcome");
            seen.check(call.contains("state=Connected") && call.contains("secure=yes"), "after both recovered, unit1 calls unit2: "
                    + ScenarioText.strip(call));
            // No hang-up: the BYE would go to unit2's Contact (its own port), while the proxy's link to
            // it comes from relay2's port, as behind a NAT; the generated configuration fixes that for
            // the REGISTER (fix_nated_register) but not for requests inside a dialog. The call ends with the lab.
            context.step("the call is left to end with the lab: behind its relay unit2 is reached only over its link, and an in-dialog"
                    + " BYE is sent to its Contact (the NAT case), which is not this scenario's subject");
            context.step("connections through the relays: relay1 " + relay1.connections() + ", relay2 " + relay2.connections()
                    + " (the silent ones stay open for the operating system)");
        }
        return seen;
    }

    private static void recovered(Observations seen, RunningUnit unit, String registeredBefore, long since) throws Exception {
        Optional<String> up = StatusWatch.awaitNew(unit, WAIT, "", "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Up");
        Optional<String> again = StatusWatch.awaitNew(unit, WAIT, registeredBefore, "REGISTRATION line=Port1", "state=Registered");
        seen.check(up.isPresent() && again.isPresent(), unit.name() + " recovered " + StatusWatch.seconds(System.nanoTime() - since)
                + " after the silence began, over a new connection: "
                + again.map(ScenarioText::strip).orElse(up.map(ScenarioText::strip).orElse("its link did not come back")));
    }
}
