package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import org.secureta.launcher.RunningUnit;
import java.time.Duration;
import java.util.Map;

/**
 * Guide section 1.3: the unit checks the server's signature and CA, that the certificate names
 * the server it connects to, and the dates; "if any of these steps fails, your TLS link will not
 * go up". One scenario per check: the proxy presents a certificate that fails it.
 */
public final class CertificateFailureScenario implements Scenario {

    /** How long the link is watched after its first failure: past a retry (failback 5 s). */
    private static final Duration WATCH = Duration.ofSeconds(7);

    private final String name;
    private final String failure;
    private final String problem;

    CertificateFailureScenario(String name, String failure, String problem) {
        this.name = name;
        this.failure = failure;
        this.problem = problem;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String guideSection() {
        return "1.3";
    }

    @Override
    public String title() {
        return "the proxy's certificate " + problem + ": the TLS link does not go up";
    }

    @Override
    public String expected() {
        return "the unit (HostName validation, the kit's CA as Other) refuses the handshake; its TLS link stays Down"
                + " with the failed check named (" + failure + "), it retries every failback interval, and no REGISTER is sent";
    }

    @Override
    public Observations run(ScenarioContext context) throws Exception {
        Observations seen = new Observations();
        try (ProxyLab lab = context.lab(java.util.List.of("unit1"))) {
            UnitProfile profile = UnitProfile.tlsLine("100", "scenario-pw-100", lab.registrar(), lab.ports().next());
            java.nio.file.Path badCerts = context.dir().resolve("bad-proxy-certs");
            String what = (String) DistributionClasses.call(context.distribution(), BadProxyCertificates.class.getName(), "write",
                    failure, lab.kit().dir().toString(), badCerts.toString(), ProxyLab.PROXY_HOST);
            context.step("proxy certificates in " + badCerts + ": " + what);
            lab.startProxy(Map.of("unit1", profile), badCerts, script -> script);
            RunningUnit unit = lab.startUnit("unit1", profile);

            String down = unit.awaitStatus(Duration.ofSeconds(30), "TLS_LINK gateway=" + UnitProfile.GATEWAY, "state=Down", "reason=");
            seen.check(down.contains("server certificate rejected: " + failure + ":"), "the unit's TLS link: " + strip(down));

            boolean wentUp = false;
            boolean registered = false;
            long deadline = System.nanoTime() + WATCH.toNanos();
            while (System.nanoTime() < deadline) {
                String status = unit.status();
                wentUp |= status.contains("TLS_LINK gateway=" + UnitProfile.GATEWAY + " state=Up");
                registered |= status.contains("REGISTRATION line=Port1 state=Registered");
                Thread.sleep(100);
            }
            seen.check(!wentUp, wentUp ? "the TLS link went Up within " + WATCH.toSeconds() + " s" : "the TLS link stayed down for " + WATCH.toSeconds() + " s (the unit keeps retrying)");
            seen.check(!registered, registered ? "the line registered" : "the line did not register: "
                    + unit.statusLine("REGISTRATION line=Port1").map(ScenarioText::strip).orElse("no registration status"));
            lab.proxy().logLines("SSL").stream().reduce((a, b) -> b)
                    .ifPresent(line -> context.step(lab.kind().displayName() + "'s side of it: " + line.strip()));
        }
        return seen;
    }

    private static String strip(String line) {
        return ScenarioText.strip(line);
    }
}
