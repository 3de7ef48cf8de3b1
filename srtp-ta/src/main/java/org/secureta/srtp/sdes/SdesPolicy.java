package org.secureta.srtp.sdes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which well-formed crypto attributes this unit may use. A parameter that would weaken SRTP is
 * refused, never dropped: the unit does not send or accept unencrypted or unauthenticated media
 * on a line negotiated as secure.
 */
final class SdesPolicy {

    private SdesPolicy() {
    }

    /** Why this attribute cannot be used, or empty when it can. */
    static Optional<String> refusal(CryptoAttribute attribute) {
        if (!(attribute instanceof SrtpCryptoAttribute srtp)) {
            return Optional.of("crypto-suite " + clip(attribute.suiteName()) + " is not supported (supported: " + SdesSuite.names() + ")");
        }
        List<String> reasons = new ArrayList<>();
        SessionParameters p = srtp.sessionParameters();
        if (p.unencryptedSrtp()) {
            reasons.add("session parameter UNENCRYPTED_SRTP would leave the media unencrypted: refused");
        }
        if (p.unencryptedSrtcp()) {
            reasons.add("session parameter UNENCRYPTED_SRTCP would leave RTCP unencrypted: refused");
        }
        if (p.unauthenticatedSrtp()) {
            reasons.add("session parameter UNAUTHENTICATED_SRTP would leave the media unauthenticated: refused");
        }
        if (p.keyDerivationRate().isPresent() && p.keyDerivationRate().getAsInt() != 0) {
            reasons.add("KDR=" + p.keyDerivationRate().getAsInt() + ": key re-derivation is not supported (allowed: KDR=0 or no KDR)");
        }
        for (String extension : p.extensions()) {
            // srtp-session-extension (RFC 4568 6.3.7): a parameter the receiver does not understand
            // invalidates the attribute unless it is marked optional with a leading '-'.
            if (!extension.startsWith("-")) {
                reasons.add("session parameter " + clip(extension) + " is not understood (known: KDR, UNENCRYPTED_SRTP, "
                        + "UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP, FEC_ORDER, FEC_KEY, WSH; optional ones start with '-')");
            }
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private static String clip(String text) {
        // A session parameter could be FEC_KEY-like key material in an unknown form: show its name only.
        int eq = text.indexOf('=');
        String shown = eq < 0 ? text : text.substring(0, eq) + "=...";
        return shown.length() <= 40 ? shown : shown.substring(0, 40) + "...";
    }
}
