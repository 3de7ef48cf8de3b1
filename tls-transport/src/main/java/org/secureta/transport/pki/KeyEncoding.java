package org.secureta.transport.pki;

/** How a private key is written to PEM. */
public enum KeyEncoding {
    /** "PRIVATE KEY": PKCS#8 (RFC 5208, RFC 7468 section 10), for any key type. The default. */
    PKCS8,
    /** "RSA PRIVATE KEY" (PKCS#1, RFC 8017 A.1.2) or "EC PRIVATE KEY" (SEC 1, RFC 5915): what older OpenSSL tools write. */
    TRADITIONAL
}
