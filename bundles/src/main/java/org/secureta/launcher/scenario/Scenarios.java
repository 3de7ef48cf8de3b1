package org.secureta.launcher.scenario;

import java.util.List;
import java.util.Optional;

/** The scenarios {@code ta scenario} knows, in the guide's order. */
public final class Scenarios {

    private static final List<Scenario> ALL = List.of(
            new WiresharkScenario(),
            new TlsMismatchScenario(),
            new ContactTransportScenario(),
            new KeyManagementMismatchScenario(),
            new CertificateFailureScenario("cert-expired", "EXPIRED", "has expired"),
            new CertificateFailureScenario("cert-not-yet-valid", "NOT_YET_VALID", "is not valid yet"),
            new CertificateFailureScenario("cert-unknown-ca", "UNKNOWN_CA", "is issued by a CA the unit does not trust"),
            new CertificateFailureScenario("cert-host-mismatch", "HOST_MISMATCH", "names another host"),
            new ProxyRestartScenario(),
            new IdleDropScenario(),
            new LinkBlackholeScenario(),
            new CrlfPongScenario());

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Scenario::name).toList();
    }

    public static Optional<Scenario> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
