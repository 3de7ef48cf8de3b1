package org.secureta.launcher.scenario;

/** A Debian tool a scenario needs (kamailio, tshark) is not on this machine; the message says how to install it. */
public final class MissingToolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String tool;

    public MissingToolException(String tool, String message) {
        super(message);
        this.tool = tool;
    }

    public String tool() {
        return tool;
    }
}
