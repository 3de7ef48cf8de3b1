package org.secureta.transport.pki;

import java.util.Set;

/**
 * Which end of the TLS connection the checked certificate belongs to, that is which extended key
 * usage (RFC 5280 4.2.1.12) and which key usage bits (RFC 5246 7.4.2, RFC 8446 4.4.2.2) its leaf
 * needs.
 */
enum PeerRole {
    /** The unit is the TLS client: the peer is a server (id-kp-serverAuth). */
    SERVER("1.3.6.1.5.5.7.3.1", "serverAuth", Set.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT, KeyUsageBit.KEY_AGREEMENT)),
    /** The unit is the TLS server with client authentication: the peer is a client (id-kp-clientAuth). */
    CLIENT("1.3.6.1.5.5.7.3.2", "clientAuth", Set.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_AGREEMENT));

    private final String extendedKeyUsage;
    private final String usageName;
    private final Set<KeyUsageBit> tlsKeyUsages;

    PeerRole(String extendedKeyUsage, String usageName, Set<KeyUsageBit> tlsKeyUsages) {
        this.extendedKeyUsage = extendedKeyUsage;
        this.usageName = usageName;
        this.tlsKeyUsages = tlsKeyUsages;
    }

    /** The OID the leaf's extendedKeyUsage must list. */
    String extendedKeyUsage() {
        return extendedKeyUsage;
    }

    String usageName() {
        return usageName;
    }

    /** A leaf keyUsage must have one of these bits to take part in a TLS handshake in this role. */
    Set<KeyUsageBit> tlsKeyUsages() {
        return tlsKeyUsages;
    }

    /** The keyUsage bits of RFC 5280 4.2.1.3 that the checks look at, by their bit position. */
    enum KeyUsageBit {
        DIGITAL_SIGNATURE(0), KEY_ENCIPHERMENT(2), KEY_AGREEMENT(4), KEY_CERT_SIGN(5);

        private final int bit;

        KeyUsageBit(int bit) {
            this.bit = bit;
        }

        boolean isSetIn(boolean[] keyUsage) {
            return keyUsage != null && keyUsage.length > bit && keyUsage[bit];
        }
    }
}
