package org.secureta.transport;

import java.util.Objects;

/**
 * The registration of one line (SipEp.RegistrationStatus).
 *
 * @param line     the endpoint id (SipEp.UserAgent key)
 * @param user     the SIP user name of the line
 * @param gateway  the gateway the line registers through
 * @param state    the registration state
 * @param expires  seconds the registrar granted (0 unless Registered or Refreshing)
 * @param reason   why the line is in a failure state, or the last final response, empty if none
 * @param attempt  which attempt in a row this is (1 for the first REGISTER after a success or a
 *                 start; counts the failures since), 0 when not counted
 * @param retryIn  seconds until the line tries again after a failure, 0 when no retry is scheduled
 *                 (registered, or waiting for its TLS link to come up)
 */
public record RegistrationStatus(String line, String user, String gateway, RegistrationState state,
                                 int expires, String reason, int attempt, int retryIn) {

    public RegistrationStatus {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if (attempt < 0 || retryIn < 0) {
            throw new IllegalArgumentException("attempt " + attempt + " and retryIn " + retryIn + " must not be negative");
        }
    }

    /** A status without attempt counting (no retry scheduled). */
    public RegistrationStatus(String line, String user, String gateway, RegistrationState state, int expires, String reason) {
        this(line, user, gateway, state, expires, reason, 0, 0);
    }

    /** The unit event announcing this status; {@code attempt} and {@code retryIn} only when set. */
    public UnitEvent toEvent() {
        java.util.List<String> fields = new java.util.ArrayList<>(java.util.List.of(
                "line", line,
                "state", state.name(),
                "user", user,
                "gateway", gateway,
                "expires", Integer.toString(expires),
                "reason", reason));
        if (attempt > 0) {
            fields.addAll(java.util.List.of("attempt", Integer.toString(attempt)));
        }
        if (retryIn > 0) {
            fields.addAll(java.util.List.of("retryIn", Integer.toString(retryIn)));
        }
        return UnitEvent.of(UnitEvent.REGISTRATION, fields.toArray(String[]::new));
    }
}
