package org.secureta.provisioning.certs;

import java.util.Objects;

/** An upload the store refused; nothing was changed. The message names the file and what is wrong. */
public final class CertificateRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final Rejection reason;

    public CertificateRejectedException(String fileName, Rejection reason, String message) {
        super(message);
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String fileName() {
        return fileName;
    }

    public Rejection reason() {
        return reason;
    }
}
