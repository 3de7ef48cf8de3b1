package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import org.secureta.launcher.RunningUnit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guide section 3.3: a proxy that reaches a unit through the Contact of its REGISTER needs
 * {@code transport=tls} there (SipEp.TransportConfig RegistrationEnable) and in the other
 * messages' Contact (ContactEnable); without them a call to the unit fails with a server error.
 *
 * <p>The configuration {@code ta opensips-config} writes does not depend on them: it records the
 * link each REGISTER came over ({@code fix_nated_register}) and routes back over it. To replay
 * the guide's case, the scenario removes that one call from the generated script, which leaves
 * a registrar like the default installations the guide met: it routes by the Contact alone.
 */
public final class ContactTransportScenario implements Scenario {

    static final String ROUTE_BY_LINK = "    fix_nated_register();\n";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TONE_FRAMES = Pattern.compile("toneFrames=(\\d+)");

    @Override
    public String name() {
        return "contact-transport";
    }

    @Override
    public String guideSection() {
        return "3.3";
    }

    @Override
    public String title() {
        return "Server internal error: calls to a unit without the interop variables";
    }

    @Override
    public String expected() {
        return "with a proxy that routes by the REGISTER Contact, a call to unit2 fails with a server error while unit2 has"
                + " SipEp.TransportConfig[Lab].RegistrationEnable and ContactEnable disabled (Contact without transport=tls:"
                + " the proxy would need UDP, and it has only TLS); with both enabled, the same call connects and the audio decrypts";
    }

    @Override
    public Observations run(ScenarioContext context) throws Exception {
        Observations seen = new Observations();
        try (ProxyLab lab = context.lab(List.of("unit1", "unit2"))) {
            UnitProfile caller = UnitProfile.tlsLine("100", "scenario-pw-100", lab.registrar(), lab.ports().next());
            UnitProfile callee = UnitProfile.tlsLine("101", "scenario-pw-101", lab.registrar(), lab.ports().next());
            UnitProfile calleeWithout = callee
                    .with("SipEp.TransportConfig[" + UnitProfile.GATEWAY + "].RegistrationEnable", "Disable")
                    .with("SipEp.TransportConfig[" + UnitProfile.GATEWAY + "].ContactEnable", "Disable");
            Map<String, UnitProfile> units = new LinkedHashMap<>();
            units.put("unit1", caller);
            units.put("unit2", callee);
            context.step("the generated script without '" + ROUTE_BY_LINK.strip() + "': the proxy routes by the REGISTER Contact alone");
            lab.startProxy(units, lab.kit().proxyCertDir(), script -> {
                if (!script.contains(ROUTE_BY_LINK)) {
                    throw new IllegalStateException("the generated script has no '" + ROUTE_BY_LINK.strip() + "' line to remove");
                }
                return script.replace(ROUTE_BY_LINK, "    # fix_nated_register() removed by scenario contact-transport: route by the Contact alone\n");
            });
            RunningUnit unit1 = lab.startUnit("unit1", caller);
            unit1.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");

            context.step("unit2 with RegistrationEnable=Disable and ContactEnable=Disable");
            RunningUnit unit2 = lab.startUnit("unit2", calleeWithout);
            unit2.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            binding(lab).ifPresent(contact -> seen.check(!contact.contains("transport=tls"), "unit2's binding at the proxy: " + contact));
            context.step("unit1: ta:call 101 -> " + unit1.command("call", "101"));
            String failed = unit1.awaitStatus(Duration.ofSeconds(45), "CALL call=", "state=Failed");
            seen.check(failed.matches(".*reason=\"5\\d\\d .*"), "without the interop variables, unit1's call: " + ScenarioText.strip(failed));
            lab.stopUnit(unit2);

            context.step("the guide's fix: unit2 with RegistrationEnable=Enable and ContactEnable=Enable, restarted");
            // A new local port: the link just closed from the old one may sit in TIME_WAIT, and the same
            // address pair cannot connect again until it ends (the unit would cycle ports with
            // SipEp.TransportPersistentPortInterval).
            unit2 = lab.startUnit("unit2", callee.with("SipEp.TransportPersistentBasePort", Integer.toString(lab.ports().next())));
            unit2.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            binding(lab).ifPresent(contact -> seen.check(contact.contains("transport=tls"), "unit2's binding at the proxy: " + contact));
            String placed = unit1.command("call", "101");
            context.step("unit1: ta:call 101 -> " + placed);
            String connected = unit1.awaitStatus(WAIT, "CALL call=", "state=Connected");
            seen.check(connected.contains("secure=yes"), "with them, unit1's call: " + ScenarioText.strip(connected));
            String heard = unit2.awaitCall(WAIT, line -> line.contains("Connected") && toneFrames(line) >= 25, "25 frames of unit1's tone");
            seen.check(heard.contains("authFailures=0"), "unit2 hears unit1 after SRTP unprotection: " + heard.strip());
            unit1.command("hangup", placed.split(" ")[1]);
        }
        return seen;
    }

    /** unit2's Contact in the registrar (Kamailio: kamcmd ul.dump; OpenSIPS: ul_dump over the MI FIFO). */
    private static Optional<String> binding(ProxyLab lab) throws Exception {
        return lab.proxy().bindings("101").stream().findFirst();
    }

    private static int toneFrames(String callsLine) {
        Matcher m = TONE_FRAMES.matcher(callsLine);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
