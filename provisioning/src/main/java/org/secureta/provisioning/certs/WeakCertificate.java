package org.secureta.provisioning.certs;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why a trusted CA (an Other certificate) is too weak for the unit's TLS checks: an RSA key under
 * 2048 bits (NIST SP 800-131A, and what the TLS checks refuse), an EC key under 256 bits, or a
 * SHA-1 or MD5 signature (RFC 9155 forbids them in TLS 1.2 signatures, and chosen-prefix
 * collisions make a SHA-1 CA forgeable). Such a CA is still accepted, since it is the operator's
 * explicit trust decision and replacing it takes time, but the upload says it will not
 * validate, so that a failing TLS link is not a surprise.
 */
public final class WeakCertificate {

    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;

    private WeakCertificate() {
    }

    /** The weaknesses of {@code certificate}, one sentence each starting with {@code name}; empty when none. */
    public static List<String> problems(String name, X509Certificate certificate) {
        List<String> problems = new ArrayList<>();
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            problems.add(name + ": RSA key of " + rsa.getModulus().bitLength() + " bits; TLS validation refuses RSA keys under "
                    + MIN_RSA_BITS + " bits, so certificates chaining to this CA will not validate");
        } else if (key instanceof ECPublicKey ec && ec.getParams().getOrder().bitLength() < MIN_EC_BITS) {
            problems.add(name + ": EC key of " + ec.getParams().getOrder().bitLength() + " bits; TLS validation refuses EC keys under "
                    + MIN_EC_BITS + " bits, so certificates chaining to this CA will not validate");
        }
        String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        if (algorithm.contains("SHA1") || algorithm.contains("SHA-1") || algorithm.contains("MD5") || algorithm.contains("MD2")) {
            problems.add(name + ": signed with " + certificate.getSigAlgName() + ", a broken hash (RFC 9155); certificates this CA"
                    + " signs the same way will not validate: replace it with a SHA-256 CA");
        }
        return List.copyOf(problems);
    }
}
