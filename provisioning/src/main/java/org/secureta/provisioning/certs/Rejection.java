package org.secureta.provisioning.certs;

/** Why a certificate file was refused (at upload) or skipped (at start). */
public enum Rejection {
    UNREADABLE,
    NOT_A_CERTIFICATE,
    TRUNCATED_PEM,
    CORRUPT,
    UNSUPPORTED,
    WRONG_PASSWORD,
    KEY_MISMATCH,
    EXPIRED,
    NOT_YET_VALID,
    /** An "Other" certificate without basicConstraints CA:true. */
    CA_FLAG_MISSING,
    /** A chain file whose certificates do not come root first. */
    CHAIN_ORDER,
    /** A private key upload without "Activate unsecured certificate transfer". */
    UNSECURED_TRANSFER_REQUIRED,
    /** A private key in an "Other" upload: CA certificates never come with their key. */
    PRIVATE_KEY_NOT_ALLOWED,
    MISSING_PRIVATE_KEY,
    MISSING_CERTIFICATE,
    /** A Host certificate with no usage (TlsClient, TlsServer). */
    NO_USAGE,
    /** The certificate is already in the store. */
    DUPLICATE,
    /** A file of certs/crl that holds no readable certificate revocation list. */
    NOT_A_CRL,
    /** The store could not write its files. */
    STORAGE_FAILED
}
