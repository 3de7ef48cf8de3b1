package org.secureta.transport.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * HTTP digest answers for SIP challenges (RFC 3261 section 22.4, RFC 2617 section 3.2.2;
 * SHA-256 per RFC 8760). The password is used here and nowhere else.
 */
final class DigestAuthenticator {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A challenge from WWW-Authenticate or Proxy-Authenticate. */
    record Challenge(String realm, String nonce, String opaque, String algorithm, String qop, boolean stale) {
    }

    /** The fields of the Authorization / Proxy-Authorization answer. */
    record Answer(String username, String realm, String nonce, String uri, String response, String algorithm,
                  String opaque, String qop, String nonceCount, String cnonce) {
    }

    private DigestAuthenticator() {
    }

    static Answer answer(Challenge challenge, String username, String password, String method, String uri, int nonceCount) {
        byte[] raw = new byte[8];
        RANDOM.nextBytes(raw);
        return answer(challenge, username, password, method, uri, nonceCount, HexFormat.of().formatHex(raw));
    }

    static Answer answer(Challenge challenge, String username, String password, String method, String uri, int nonceCount,
                         String clientNonce) {
        String algorithm = challenge.algorithm() == null || challenge.algorithm().isEmpty() ? "MD5" : challenge.algorithm();
        String hash = hashName(algorithm);
        String ha1 = hex(hash, username + ":" + challenge.realm() + ":" + password);
        String ha2 = hex(hash, method + ":" + uri);
        String qop = chooseQop(challenge.qop());
        String response;
        String nc = null;
        String cnonce = null;
        if (qop != null) {
            nc = String.format(Locale.ROOT, "%08x", nonceCount);
            cnonce = clientNonce;
            response = hex(hash, ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        } else {
            response = hex(hash, ha1 + ":" + challenge.nonce() + ":" + ha2);
        }
        return new Answer(username, challenge.realm(), challenge.nonce(), uri, response, algorithm,
                challenge.opaque(), qop, nc, cnonce);
    }

    /** We only do qop=auth (no body integrity); no qop offered means RFC 2069 compatibility. */
    private static String chooseQop(String offered) {
        if (offered == null || offered.isBlank()) {
            return null;
        }
        for (String option : offered.split(",")) {
            if (option.trim().equalsIgnoreCase("auth")) {
                return "auth";
            }
        }
        throw new IllegalArgumentException("digest challenge offers qop '" + offered + "'; only 'auth' is supported");
    }

    private static String hashName(String algorithm) {
        switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "MD5":
                return "MD5";
            case "SHA-256":
                return "SHA-256";
            default:
                throw new IllegalArgumentException("digest algorithm '" + algorithm + "' not supported; allowed MD5, SHA-256");
        }
    }

    private static String hex(String hash, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(hash).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " missing from this JDK", e);
        }
    }
}
