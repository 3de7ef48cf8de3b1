package org.secureta.srtp.sdes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The SRTP session parameters of a crypto attribute (RFC 4568 6.3). They are parsed as received,
 * including those this unit refuses ({@link SdesPolicy} decides); the model does not judge.
 *
 * @param keyDerivationRate {@code KDR=n}, n in 0..24 (the rate is 2^n packets)
 * @param fecKeys the keys of {@code FEC_KEY=} (RFC 4568 6.3.5), empty when absent; secret
 * @param windowSizeHint {@code WSH=}, at least 64
 * @param extensions parameters this parser does not know ({@code srtp-session-extension}), as written
 */
public record SessionParameters(
        OptionalInt keyDerivationRate,
        boolean unencryptedSrtp,
        boolean unencryptedSrtcp,
        boolean unauthenticatedSrtp,
        Optional<FecOrder> fecOrder,
        List<InlineKey> fecKeys,
        OptionalInt windowSizeHint,
        List<String> extensions) {

    public static final int MAX_KDR = 24;
    public static final int MIN_WSH = 64;

    public static final SessionParameters NONE = new SessionParameters(OptionalInt.empty(), false, false, false,
            Optional.empty(), List.of(), OptionalInt.empty(), List.of());

    public SessionParameters {
        if (keyDerivationRate.isPresent() && (keyDerivationRate.getAsInt() < 0 || keyDerivationRate.getAsInt() > MAX_KDR)) {
            throw new IllegalArgumentException("KDR must be 0..24, not " + keyDerivationRate.getAsInt());
        }
        if (windowSizeHint.isPresent() && windowSizeHint.getAsInt() < MIN_WSH) {
            throw new IllegalArgumentException("WSH must be at least 64, not " + windowSizeHint.getAsInt());
        }
        fecKeys = List.copyOf(fecKeys);
        SrtpCryptoAttribute.checkKeySet(fecKeys);
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || !e.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
                throw new IllegalArgumentException("a session parameter is 1*VCHAR");
            }
            String name = (e.indexOf('=') < 0 ? e : e.substring(0, e.indexOf('='))).toUpperCase(java.util.Locale.ROOT);
            if (List.of("KDR", "UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP", "FEC_ORDER", "FEC_KEY", "WSH").contains(name)) {
                throw new IllegalArgumentException(name + " has its own field, it is not an extension");
            }
        }
    }

    /** The parameters in the order RFC 4568 9.2 lists them, each preceded by a space. */
    String text() {
        List<String> out = new ArrayList<>();
        keyDerivationRate.ifPresent(k -> out.add("KDR=" + k));
        if (unencryptedSrtp) {
            out.add("UNENCRYPTED_SRTP");
        }
        if (unencryptedSrtcp) {
            out.add("UNENCRYPTED_SRTCP");
        }
        if (unauthenticatedSrtp) {
            out.add("UNAUTHENTICATED_SRTP");
        }
        fecOrder.ifPresent(f -> out.add("FEC_ORDER=" + f));
        if (!fecKeys.isEmpty()) {
            out.add("FEC_KEY=" + String.join(";", fecKeys.stream().map(InlineKey::text).toList()));
        }
        windowSizeHint.ifPresent(w -> out.add("WSH=" + w));
        out.addAll(extensions);
        return out.isEmpty() ? "" : " " + String.join(" ", out);
    }

    @Override
    public String toString() {
        // FEC_KEY carries keys: InlineKey.toString hides them.
        return "SessionParameters[kdr=" + keyDerivationRate + ", unencryptedSrtp=" + unencryptedSrtp
                + ", unencryptedSrtcp=" + unencryptedSrtcp + ", unauthenticatedSrtp=" + unauthenticatedSrtp
                + ", fecOrder=" + fecOrder + ", fecKeys=" + fecKeys + ", wsh=" + windowSizeHint + ", extensions=" + extensions + "]";
    }
}
