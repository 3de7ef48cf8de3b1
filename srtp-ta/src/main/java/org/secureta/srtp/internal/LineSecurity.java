package org.secureta.srtp.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.LineSecurityConfiguration;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.RtpMode;

/**
 * The security a call uses: the unit's defaults (Mipt.DefaultSecurity*) or, when the call's line
 * has an enabled Mipt.EpSpecificSecurity row, that row. Chosen once when the call starts, so a
 * re-INVITE never changes what the call negotiated.
 *
 * @param rtpMode       Unsecure, Secure or SecureWithFallback
 * @param keyManagement the name of a registered key management
 * @param rtpEncryption AesCm128 or Null (MIKEY only)
 * @param source        where it comes from, for logs: {@code defaults} or {@code line EPID}
 */
public record LineSecurity(RtpMode rtpMode, String keyManagement, RtpEncryption rtpEncryption, String source) {

    public LineSecurity {
        Objects.requireNonNull(rtpMode, "rtpMode");
        Objects.requireNonNull(keyManagement, "keyManagement");
        Objects.requireNonNull(rtpEncryption, "rtpEncryption");
        Objects.requireNonNull(source, "source");
    }

    /** The unit-wide settings. */
    public static LineSecurity defaults(CallAgentConfiguration config) {
        return new LineSecurity(config.rtpMode(), config.keyManagement(), config.rtpEncryption(), "defaults");
    }

    public static LineSecurity of(LineSecurityConfiguration line) {
        return new LineSecurity(line.rtpMode(), line.keyManagement(), line.rtpEncryption(), "line " + line.endpointId());
    }

    /**
     * Reads a {@link LineSecurityConfiguration#FACTORY_PID} configuration's properties. A value
     * that is not one of the allowed ones is an error naming the attribute: an override that
     * cannot be read must not quietly become the (possibly weaker) defaults.
     *
     * @throws IllegalArgumentException naming the line, the attribute and the allowed values
     */
    public static LineSecurity fromProperties(Map<String, ?> properties) {
        String line = text(properties, "endpointId", "");
        String where = "line security override of endpoint '" + line + "' (" + LineSecurityConfiguration.FACTORY_PID + ")";
        RtpMode mode = choice(properties, "rtpMode", RtpMode.class, RtpMode.Unsecure, where);
        RtpEncryption encryption = choice(properties, "rtpEncryption", RtpEncryption.class, RtpEncryption.AesCm128, where);
        String keyManagement = text(properties, "keyManagement", "Mikey").strip();
        if (keyManagement.isEmpty()) {
            throw new IllegalArgumentException(where + ": keyManagement must name a key management (Mikey, Sdes, ...), it is empty");
        }
        return new LineSecurity(mode, keyManagement, encryption, "line " + line);
    }

    private static String text(Map<String, ?> properties, String name, String fallback) {
        Object value = properties.get(name);
        return value == null ? fallback : value.toString();
    }

    private static <E extends Enum<E>> E choice(Map<String, ?> properties, String name, Class<E> type, E fallback, String where) {
        Object value = properties.get(name);
        if (value == null) {
            return fallback;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        String text = value.toString().strip();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(where + ": " + name + " '" + clip(text) + "' is not one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    private static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The MEDIA/log form: {@code rtpMode=Secure keyManagement=Sdes encryption=AesCm128 (line 2)}. */
    public String describe() {
        return "rtpMode=" + rtpMode + " keyManagement=" + keyManagement + " encryption=" + rtpEncryption + " (" + source + ")";
    }
}
