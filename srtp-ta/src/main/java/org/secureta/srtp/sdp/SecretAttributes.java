package org.secureta.srtp.sdp;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDP attribute names whose values carry key material, so that {@link Attribute#toString()}
 * (and every log line built from an SDP model) hides them. {@code crypto} (RFC 4568 inline keys)
 * and {@code key-mgmt} (RFC 4567, MIKEY with a NULL KEMAC) are always secret; every registered
 * key management adds the names it declares in its
 * {@link org.secureta.srtp.keymgmt.KeyingNeeds#attributeNames()}, so that a third method's key
 * attribute never reaches a log either.
 *
 * <p>A name once declared stays secret for the life of the bundle, even when its method goes
 * away: a log that hides a value too many is harmless, one that shows a key is not.
 */
public final class SecretAttributes {

    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    static {
        NAMES.addAll(Set.of("crypto", "key-mgmt"));
    }

    private SecretAttributes() {
    }

    /** Marks {@code attributeNames} (a key management's declared keying attributes) as secret. */
    public static void declare(Collection<String> attributeNames) {
        NAMES.addAll(attributeNames);
    }

    /** Whether the value of attribute {@code name} must not appear in logs. */
    public static boolean isSecret(String name) {
        return NAMES.contains(name);
    }
}
