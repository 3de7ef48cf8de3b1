package org.secureta.launcher.decrypt;

/** The capture file is not pcap/pcapng, or is damaged or cut short: the message says where. */
public final class CaptureFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    CaptureFormatException(String message) {
        super(message);
    }
}
