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
 */
public record RegistrationStatus(String line, String user, String gateway, RegistrationState state,
                                 int expires, String reason) {

    public RegistrationStatus {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    /** The unit event announcing this status. */
    public UnitEvent toEvent() {
        return UnitEvent.of(UnitEvent.REGISTRATION,
                "line", line,
                "state", state.name(),
                "user", user,
                "gateway", gateway,
                "expires", Integer.toString(expires),
                "reason", reason);
    }
}
