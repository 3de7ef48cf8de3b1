package org.secureta.transport.pki;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking a peer's certificate: accepted, or refused for one reason. The message
 * names the certificate's subject and the check; for a refusal it starts with the reason, so a
 * log line or an exception message built from it can be searched for the reason.
 */
public record CheckResult(Optional<CertificateFailure> failure, String message) {

    public CheckResult {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(message, "message");
    }

    public static CheckResult ok(String message) {
        return new CheckResult(Optional.empty(), message);
    }

    public static CheckResult failed(CertificateFailure reason, String detail) {
        return new CheckResult(Optional.of(reason), reason + ": " + detail);
    }

    public boolean isOk() {
        return failure.isEmpty();
    }
}
