package org.secureta.srtp.keymgmt;

import java.util.Objects;
import java.util.Set;

/**
 * What a key management needs from the call agent, declared by the method itself (as baresip's
 * media-encryption modules declare their SDP profile and needs in {@code struct menc}), so that
 * the agent applies it without knowing any method by name.
 *
 * @param level                    where the method's SDP attributes go in an offer
 * @param attributeNames           the names of the SDP attributes that carry its keying (without
 *                                 {@code a=} and value: {@code crypto}, {@code key-mgmt}); the agent
 *                                 hands the method exactly these, and replaces them in what it sends
 * @param keepsKeysOnReinvite      whether the method can repeat its current keys in a re-INVITE
 *                                 (SDES, RFC 4568 7.1.4: under Mipt.SessionUpdateCryptoMode=Keep the
 *                                 session re-offers them); when false, Keep sends no keying at all and
 *                                 new keys need a fresh exchange, because repeating the old message
 *                                 would be a replay (MIKEY, RFC 3830 5.4)
 * @param requiresSecureSignalling whether the keys travel readable in the SDP, so that the method
 *                                 must only be used over TLS (SDES, RFC 4568 8.3; MIKEY without a
 *                                 pre-shared key, RFC 3830 5.2 NULL KEMAC)
 */
public record KeyingNeeds(AttributeLevel level, Set<String> attributeNames, boolean keepsKeysOnReinvite,
                          boolean requiresSecureSignalling) {

    /** Where the method writes its attributes (RFC 4566 5.13: session or media level). */
    public enum AttributeLevel {
        /** Before the first {@code m=} line (MIKEY's {@code a=key-mgmt}, RFC 4567 3.1). */
        SESSION,
        /** In each secure media description (SDES {@code a=crypto}, RFC 4568 4). */
        MEDIA
    }

    public KeyingNeeds {
        Objects.requireNonNull(level, "level");
        attributeNames = Set.copyOf(attributeNames);
        for (String name : attributeNames) {
            // RFC 4566 att-field is a token: no ':' or spaces, so that a name can never match part of another attribute.
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                throw new IllegalArgumentException("attribute name '" + name + "' is not an SDP att-field token (RFC 4566 9)");
            }
        }
    }

    /**
     * The conservative declaration of a method that declares nothing: the two standard attributes
     * ({@code crypto} and {@code key-mgmt}) at media level, keys kept, TLS required.
     */
    public static final KeyingNeeds UNDECLARED = new KeyingNeeds(AttributeLevel.MEDIA, Set.of("crypto", "key-mgmt"), true, true);
}
