package org.secureta.launcher.scenario;

/** Kamailio is not on this machine: the message says where it was looked for and how to install it. */
public final class KamailioNotInstalledException extends Exception {

    private static final long serialVersionUID = 1L;

    KamailioNotInstalledException(String message) {
        super(message);
    }
}
