package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import org.secureta.launcher.RunningUnit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Guide section 3.2: TLS is enabled on one unit and not on the second; the second one's
 * REGISTER requests are never answered, because the proxy expects them inside TLS. The fix:
 * enable TLS on the second unit and restart it.
 */
public final class TlsMismatchScenario implements Scenario {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long unit2's REGISTER is left unanswered before the fix. */
    private static final Duration WATCH = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "tls-mismatch";
    }

    @Override
    public String guideSection() {
        return "3.2";
    }

    @Override
    public String title() {
        return "REGISTER messages not being answered: one unit without TLS, a TLS-only proxy";
    }

    @Override
    public String expected() {
        return "unit1 (TLS) registers; unit2 (UDP, the unit's default transport) sends REGISTER in clear to the proxy's TLS port"
                + " and never gets an answer: its line stays unregistered. After enabling TLS on unit2 and restarting it, it registers";
    }

    @Override
    public Observations run(ScenarioContext context) throws Exception {
        Observations seen = new Observations();
        try (ProxyLab lab = context.lab(List.of("unit1", "unit2"))) {
            UnitProfile tls1 = UnitProfile.tlsLine("100", "scenario-pw-100", lab.registrar(), lab.ports().next());
            UnitProfile tls2 = UnitProfile.tlsLine("101", "scenario-pw-101", lab.registrar(), lab.ports().next());
            UnitProfile udp2 = tls2.with("SipEp.TransportConfig[" + UnitProfile.GATEWAY + "].TlsEnable", "Disable")
                    .with("SipEp.TransportConfig[" + UnitProfile.GATEWAY + "].UdpEnable", "Enable")
                    // Its UDP port: a free one rather than 5060.
                    .with("SipEp.Gateway[" + UnitProfile.GATEWAY + "].Port", Integer.toString(lab.ports().next()));
            Map<String, UnitProfile> units = new LinkedHashMap<>();
            units.put("unit1", tls1);
            units.put("unit2", tls2);
            lab.startProxy(units);
            RunningUnit unit1 = lab.startUnit("unit1", tls1);
            String registered1 = unit1.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            seen.check(true, "unit1 (TLS): " + ScenarioText.strip(registered1));

            context.step("unit2 with SipEp.TransportConfig[Lab].TlsEnable=Disable (UDP), same registrar " + lab.registrar());
            RunningUnit unit2 = lab.startUnit("unit2", udp2);
            String transport = unit2.awaitStatus(WAIT, "TRANSPORT transport=", "state=Started");
            context.step("unit2's transport: " + ScenarioText.strip(transport));
            boolean answered = false;
            long deadline = System.nanoTime() + WATCH.toNanos();
            while (System.nanoTime() < deadline && !answered) {
                answered = unit2.statusLine("REGISTRATION line=Port1 state=Registered").isPresent()
                        || unit2.statusLine("REGISTRATION line=Port1", "state=AuthFailed").isPresent()
                        || unit2.statusLine("REGISTRATION line=Port1", "state=Rejected").isPresent();
                Thread.sleep(200);
            }
            String state2 = unit2.statusLine("REGISTRATION line=Port1").map(ScenarioText::strip).orElse("no REGISTRATION line in ta:status");
            seen.check(!answered, (answered ? "unit2's REGISTER was answered: " : "unit2's REGISTER got no answer in "
                    + WATCH.toSeconds() + " s: ") + state2);
            lab.stopUnit(unit2);

            context.step("the guide's fix: enable TLS on unit2 (SipEp.TransportConfig[Lab].TlsEnable=Enable, UDP off) and restart it");
            RunningUnit fixed = lab.startUnit("unit2", tls2);
            String registered2 = fixed.awaitStatus(WAIT, "REGISTRATION line=Port1", "state=Registered");
            seen.check(true, "unit2 with TLS: " + ScenarioText.strip(registered2));
        }
        return seen;
    }
}
