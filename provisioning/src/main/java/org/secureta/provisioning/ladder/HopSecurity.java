package org.secureta.provisioning.ladder;

import java.util.regex.Pattern;
import org.secureta.transport.Transport;

/** The security verdict of one hop, as a ladder colours it. */
public enum HopSecurity {
    /** TLS with a certificate check that passed ({@code TLSv1.3 TLS_AES_256_GCM_SHA384 HostName ok}). */
    SECURE("secure"),
    /** TLS, but the peer's certificate was not checked (NoValidation) or no verdict was reported. */
    UNVERIFIED("TLS, peer not verified"),
    /** UDP or TCP: anyone on the path reads and changes the signalling, SDES keys included. */
    INSECURE("not secure");

    private static final Pattern OK = Pattern.compile("(^|\\s)ok\\b");

    private final String text;

    HopSecurity(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static HopSecurity of(Transport transport, String security) {
        if (transport != Transport.TLS) {
            return INSECURE;
        }
        if (security.isBlank() || security.contains("NoValidation") || !OK.matcher(security).find()) {
            return UNVERIFIED;
        }
        return SECURE;
    }

    /**
     * The verdict of a hop both ends reported: one end that verified its peer is enough, since a
     * man in the middle would then need a certificate that end trusts (or the other end's key).
     */
    public HopSecurity stronger(HopSecurity other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
