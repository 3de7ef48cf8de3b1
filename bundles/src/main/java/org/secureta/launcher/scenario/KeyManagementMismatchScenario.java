package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import org.secureta.launcher.RunningUnit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Guide section 3.4: SDES on endpoint 1, MIKEY on endpoint 2; endpoint 2 answers the INVITE
 * with 415 and sends the syslog line {@code SdpTools [D3A2] Received the wrong key management
 * protocol. Secure stream disabled.}
 */
public final class KeyManagementMismatchScenario implements Scenario {

    static final String SYSLOG_LINE = "SdpTools [D3A2] Received the wrong key management protocol. Secure stream disabled.";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "keymgmt-mismatch";
    }

    @Override
    public String guideSection() {
        return "3.4";
    }

    @Override
    public String title() {
        return "MIKEY and SDES mismatch: a SDES unit calls a MIKEY unit";
    }

    @Override
    public String expected() {
        return "unit2 (Mipt.DefaultSecurityKeyManagement=Mikey) answers unit1's SDES offer with 415 Unsupported Media Type,"
                + " sends the syslog line '" + SYSLOG_LINE + "', and no audio flows";
    }

    @Override
    public Observations run(ScenarioContext context) throws Exception {
        Observations seen = new Observations();
        try (ProxyLab lab = context.lab(List.of("unit1", "unit2"));
             SyslogReceiver syslog = new SyslogReceiver()) {
            UnitProfile sdes = UnitProfile.tlsLine("100", "scenario-pw-100", lab.registrar(), lab.ports().next());
            UnitProfile mikey = UnitProfile.tlsLine("101", "scenario-pw-101", lab.registrar(), lab.ports().next())
                    .with("Mipt.DefaultSecurityKeyManagement", "Mikey")
                    .with("SecureTA.MikeyPreSharedKey", "000102030405060708090a0b0c0d0e0f")
                    .with("SecureTA.SyslogRemoteHost", syslog.hostAndPort());
            context.step("unit1 (user 100): Mipt.DefaultSecurityKeyManagement=Sdes; unit2 (user 101): Mikey, syslog to " + syslog.hostAndPort());
            Map<String, UnitProfile> units = new LinkedHashMap<>();
            units.put("unit1", sdes);
            units.put("unit2", mikey);
            lab.startProxy(units);
            RunningUnit unit1 = lab.startUnit("unit1", sdes);
            RunningUnit unit2 = lab.startUnit("unit2", mikey);
            unit1.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            unit2.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");

            context.step("unit1: ta:call 101 -> " + unit1.command("call", "101"));
            String failed = unit1.awaitStatus(WAIT, "CALL call=", "state=Failed");
            seen.check(failed.contains("reason=\"415 Unsupported Media Type\"") || failed.contains("reason=\"415 "),
                    "unit1's call: " + ScenarioText.strip(failed));
            Optional<String> error = unit2.statusLine("ERROR source=SdpTools");
            seen.check(error.map(e -> e.contains("code=D3A2")).orElse(false),
                    "unit2's event: " + error.map(ScenarioText::strip).orElse("no ERROR source=SdpTools line in ta:status"));
            Optional<String> line = syslog.await(SYSLOG_LINE, Duration.ofSeconds(5));
            seen.check(line.isPresent(), line.map(l -> "syslog from unit2 at " + syslog.hostAndPort() + ": " + l.strip())
                    .orElse("no syslog message with the D3A2 line at " + syslog.hostAndPort() + "; received: " + syslog.messages()));
            seen.check(failed.contains("sent=0 received=0"), "no audio: " + (failed.contains("sent=0 received=0")
                    ? "unit1 sent and received no RTP" : "unit1's counters show RTP: " + ScenarioText.strip(failed)));
        }
        return seen;
    }
}
