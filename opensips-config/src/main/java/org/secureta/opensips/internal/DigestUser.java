package org.secureta.opensips.internal;

import java.util.Objects;

/**
 * Credentials of one line of the unit as the proxy must check them (SipEp.Authentication with
 * SipEp.UserAgent): the digest user name, its password, the SIP user (AoR user part) the line
 * registers and calls as, and the realm the proxy challenges it in. toString never shows the
 * password.
 */
public record DigestUser(String endpointId, String authUsername, String password, String sipUsername, String realm) {

    public DigestUser {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(authUsername, "authUsername");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sipUsername, "sipUsername");
        Objects.requireNonNull(realm, "realm");
    }

    @Override
    public String toString() {
        return "DigestUser[endpointId=" + endpointId + ", authUsername=" + authUsername + ", password=(hidden), sipUsername="
                + sipUsername + ", realm=" + realm + "]";
    }
}
