package org.secureta.srtp.sdp;

/** {@code b=<bwtype>:<bandwidth>} (RFC 4566 5.8), for example {@code AS:64} in kilobits per second. */
public record Bandwidth(String type, long value) {

    public Bandwidth {
        SdpSyntax.token("b= bwtype", type);
        SdpSyntax.range("b= bandwidth", value, 0, Long.MAX_VALUE);
    }

    String text() {
        return type + ":" + value;
    }
}
