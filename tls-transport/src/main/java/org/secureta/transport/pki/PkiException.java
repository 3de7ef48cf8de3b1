package org.secureta.transport.pki;

import java.util.Objects;

/**
 * A certificate or key file that cannot be used, or key material that cannot be built. The message
 * always names the source (a file name, or what was being built) and what is wrong with it; it
 * never contains key material.
 */
public final class PkiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong, for callers that react differently to each case. */
    public enum Problem {
        /** The file could not be read at all (missing, unreadable). */
        UNREADABLE,
        /** The content is neither a PEM block, an X.509 certificate in DER, nor a PKCS#12 file. */
        NOT_A_CERTIFICATE,
        /** A PEM block starts but never ends: the file was cut short. */
        TRUNCATED_PEM,
        /** A PEM block or DER structure is damaged (bad Base64, bad ASN.1). */
        CORRUPT,
        /** A PKCS#12 file whose password does not open it. */
        WRONG_PASSWORD,
        /** The private key does not belong to the certificate. */
        KEY_MISMATCH,
        /** A key or file type this unit does not handle (e.g. encrypted PEM keys, DSA keys). */
        UNSUPPORTED,
        /** The file holds no certificate where one is required, or no key where one is required. */
        MISSING_CONTENT,
        /** Generating or signing failed inside the security provider. */
        GENERATION_FAILED,
        /** Writing a file failed. */
        WRITE_FAILED
    }

    private final String source;
    private final Problem problem;

    public PkiException(String source, Problem problem, String detail) {
        this(source, problem, detail, null);
    }

    public PkiException(String source, Problem problem, String detail, Throwable cause) {
        super(source + ": " + detail, cause);
        this.source = Objects.requireNonNull(source, "source");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The file name (or the thing being built) that the problem is about. */
    public String source() {
        return source;
    }

    public Problem problem() {
        return problem;
    }
}
