package org.secureta.launcher.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.secureta.launcher.RunningUnit;
import org.secureta.launcher.UnitProfile;

/**
 * The proxy crashes and comes back (kill -9, started again on the same port with an empty
 * location table): a unit must notice that its persistent link is gone, open a new one within
 * its failback interval (SipEp.TransportFailbackInterval), register again, and take calls; the
 * lost link must not leave a reader thread or a socket behind. The field's complaint is the
 * opposite: units that stay unregistered until someone restarts them.
 */
public final class ProxyRestartScenario implements Scenario {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** SipEp.TransportFailbackInterval of the lab's lines ({@link UnitProfile#tlsLine}). */
    static final Duration FAILBACK = Duration.ofSeconds(5);
    /** The unit stretches each wait by up to a quarter at random (PersistentLink), so that units do not all come back at once. */
    private static final Duration FAILBACK_WITH_JITTER = FAILBACK.plus(FAILBACK.dividedBy(4));
    /** The new REGISTER and its digest challenge after the link is up again. */
    private static final Duration REGISTER_ROUND = Duration.ofSeconds(2);
    /** How long the unit's JAIN-SIP readers of the lost links may take to end. */
    private static final Duration SETTLE = Duration.ofSeconds(15);

    @Override
    public String name() {
        return "proxy-restart";
    }

    @Override
    public String guideSection() {
        return "link";
    }

    @Override
    public String title() {
        return "the proxy is killed and started again: the units reconnect and register by themselves";
    }

    @Override
    public String expected() {
        return "after kill -9 the units' TLS links go Down; once the proxy is back, each unit opens a new link within its failback"
                + " interval (" + FAILBACK.toSeconds() + " s, up to a quarter more at random) and registers again, calls work both ways,"
                + " and the units hold no more threads or sockets than before the restart (one TLS link each)";
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
            List<RunningUnit> units = List.of(lab.startUnit("unit1", p1), lab.startUnit("unit2", p2));
            for (RunningUnit unit : units) {
                unit.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            }
            // The same calls before and after: the counts compare like with like.
            seen.check(calls(context, units, "before the restart"), "calls both ways before the restart connect with SRTP");
            LinkResources before = settled(lab, null);
            context.step("the units hold " + before);

            Map<RunningUnit, String> registered = new LinkedHashMap<>();
            for (RunningUnit unit : units) {
                registered.put(unit, StatusWatch.now(unit, "REGISTRATION line=Port1", "state=Registered"));
            }
            lab.killProxy();
            for (RunningUnit unit : units) {
                Optional<String> down = StatusWatch.awaitNew(unit, WAIT, "", "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Down");
                seen.check(down.isPresent(), unit.name() + " notices the lost link: "
                        + down.map(ScenarioText::strip).orElse("its TLS link did not go Down within " + WAIT.toSeconds() + " s"));
            }
            lab.restartProxy();
            long back = System.nanoTime();
            for (RunningUnit unit : units) {
                Optional<String> up = StatusWatch.awaitNew(unit, WAIT, "", "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Up");
                long upAfter = System.nanoTime() - back;
                seen.check(up.isPresent() && upAfter <= FAILBACK_WITH_JITTER.toNanos() + Duration.ofMillis(500).toNanos(),
                        unit.name() + "'s link Up " + StatusWatch.seconds(upAfter) + " after the proxy was back (failback interval "
                                + FAILBACK.toSeconds() + " s): " + up.map(ScenarioText::strip).orElse("still not Up"));
                Optional<String> again = StatusWatch.awaitNew(unit, WAIT, registered.get(unit), "REGISTRATION line=Port1", "state=Registered");
                long registeredAfter = System.nanoTime() - back;
                seen.check(again.isPresent() && registeredAfter <= FAILBACK_WITH_JITTER.plus(REGISTER_ROUND).toNanos(),
                        unit.name() + " registered again " + StatusWatch.seconds(registeredAfter) + " after the proxy was back: "
                                + again.map(ScenarioText::strip).orElse("no new registration"));
            }
            for (RunningUnit unit : units) {
                List<String> bindings = lab.proxy().bindings(unit.user());
                seen.check(bindings.size() == 1, lab.kind().displayName() + "'s new location table has " + bindings.size()
                        + " binding(s) of " + unit.user() + (bindings.isEmpty() ? "" : ": " + bindings.get(0)));
            }
            seen.check(calls(context, units, "after the restart"), "calls both ways after the restart connect with SRTP");
            LinkResources after = settled(lab, before);
            List<String> newThreads = after.newThreadsSince(before);
            seen.check(after.noMoreThan(before), "the units' resources: before the restart " + before + "; after it " + after
                    // JAIN-SIP names a link's threads differently from one connection to the next: names say something only when the count grew.
                    + (after.threads() <= before.threads() ? "" : " (threads not there before: " + String.join(", ", newThreads) + ")"));
        }
        return seen;
    }

    /** unit1 calls unit2 and unit2 calls unit1, each until connected with SRTP, then hangs up. */
    private static boolean calls(ScenarioContext context, List<RunningUnit> units, String when) throws Exception {
        boolean all = true;
        for (int i = 0; i < units.size(); i++) {
            RunningUnit caller = units.get(i);
            RunningUnit callee = units.get((i + 1) % units.size());
            String placed = caller.command("call", callee.user());
            String id = placed.split(" ")[1];
            String outcome = StatusWatch.awaitCallOutcome(caller, WAIT, id).orElse("CALL call=" + id + " no outcome within " + WAIT.toSeconds() + " s");
            context.step(caller.name() + " calls " + callee.user() + " " + when + ": " + ScenarioText.strip(outcome));
            all &= outcome.contains("state=Connected") && outcome.contains("secure=yes");
            caller.command("hangup", id);
            StatusWatch.await(caller, WAIT, l -> l.contains("CALL call=" + id + " ") && (l.contains("state=Ended") || l.contains("state=Failed")));
        }
        return all;
    }

    /**
     * The units' resources once the lost links' readers have ended: the first count no higher
     * than {@code limit} within {@link #SETTLE}, else the last one (which then shows the leak).
     */
    private static LinkResources settled(ProxyLab lab, LinkResources limit) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        LinkResources now = LinkResources.count(lab.proxyAddress().getPort());
        while (limit != null && !now.noMoreThan(limit) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            now = LinkResources.count(lab.proxyAddress().getPort());
        }
        return now;
    }
}
