package org.secureta.srtp.sdp;

/** {@code t=<start-time> <stop-time>} (RFC 4566 5.9); SIP sessions use {@code t=0 0} (RFC 3264 5). */
public record Timing(long start, long stop) {

    public static final Timing PERMANENT = new Timing(0, 0);

    public Timing {
        SdpSyntax.range("t= start-time", start, 0, Long.MAX_VALUE);
        SdpSyntax.range("t= stop-time", stop, 0, Long.MAX_VALUE);
    }

    String text() {
        return start + " " + stop;
    }
}
