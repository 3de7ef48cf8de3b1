package org.secureta.launcher.decrypt;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.secureta.srtp.crypto.SrtcpContext;
import org.secureta.srtp.crypto.SrtpContext;
import org.secureta.srtp.crypto.SrtpFailure;

/**
 * One SRTP or SRTCP stream of the capture: one sender's SSRC from one address to another. Bound to
 * the first key candidate that authenticates one of its packets; from then on each packet is
 * unprotected with that crypto context (RFC 3711 3.3: rollover counter and replay list per SSRC),
 * and a packet that fails is kept encrypted and counted by failure.
 */
final class MediaStream {

    /** Packets tried against every candidate before the stream is declared unkeyed (a tampered first packet must not lose the stream). */
    static final int BINDING_ATTEMPTS = 32;

    record Id(UdpDatagram.Endpoint source, UdpDatagram.Endpoint destination, int ssrc, boolean rtcp) {
    }

    private final Id id;
    private KeyCandidate key;
    private SrtpContext rtp;
    private SrtcpContext rtcp;
    private int attempts;
    private long decrypted;
    private long unkeyed;
    private final Map<SrtpFailure, Long> failures = new EnumMap<>(SrtpFailure.class);
    // Rollover tracking for the summary (RFC 3711 3.3.1): the ROC the stream started at and how often the sequence number wrapped.
    private int firstRoc;
    private int lastSequence = -1;
    private long wraps;

    MediaStream(Id id) {
        this.id = id;
    }

    Id id() {
        return id;
    }

    /**
     * Unprotects {@code packet[0, length)} in place.
     *
     * @return the plain packet's length, or -1 when it stays as it was (no key fits, or it failed)
     */
    int unprotect(byte[] packet, int length, List<KeyCandidate> candidates) {
        if (key == null) {
            return bind(packet, length, candidates);
        }
        int result = id.rtcp() ? rtcp.unprotect(packet, 0, length) : rtp.unprotect(packet, 0, length);
        return counted(packet, result);
    }

    private int bind(byte[] packet, int length, List<KeyCandidate> candidates) {
        if (attempts >= BINDING_ATTEMPTS) {
            unkeyed++;
            return -1;
        }
        attempts++;
        for (KeyCandidate c : candidates) {
            if (!c.fits(id.ssrc())) {
                continue;
            }
            byte[] copy = java.util.Arrays.copyOf(packet, length);
            int result;
            try {
                if (id.rtcp()) {
                    SrtcpContext context = SrtcpContext.forReceiving(c.keys());
                    result = context.unprotect(copy, 0, length);
                    if (result >= 0) {
                        rtcp = context;
                    }
                } else {
                    SrtpContext context = SrtpContext.forReceiving(c.keys());
                    if (c.roc() != 0) {
                        context.expectStream(id.ssrc(), c.roc());
                    }
                    result = context.unprotect(copy, 0, length);
                    if (result >= 0) {
                        rtp = context;
                    }
                }
            } catch (IllegalArgumentException e) {
                continue; // keys the engine refuses (an MKI set it cannot tell apart): not this stream's
            }
            if (result >= 0) {
                key = c;
                firstRoc = c.roc();
                System.arraycopy(copy, 0, packet, 0, result);
                return counted(packet, result);
            }
        }
        unkeyed++;
        return -1;
    }

    private int counted(byte[] packet, int result) {
        if (result < 0) {
            failures.merge(SrtpFailure.fromResult(result), 1L, Long::sum);
            return -1;
        }
        decrypted++;
        if (!id.rtcp()) {
            int sequence = UdpDatagram.u16(packet, 2);
            if (lastSequence >= 0 && sequence < lastSequence && lastSequence - sequence > 0x8000) {
                wraps++;
            }
            if (lastSequence < 0 || sequence > lastSequence || lastSequence - sequence > 0x8000) {
                lastSequence = sequence;
            }
        }
        return result;
    }

    KeyCandidate key() {
        return key;
    }

    long decrypted() {
        return decrypted;
    }

    long authenticationFailures() {
        return failures.getOrDefault(SrtpFailure.AUTHENTICATION_FAILED, 0L);
    }

    long otherFailures() {
        return failures.entrySet().stream().filter(e -> e.getKey() != SrtpFailure.AUTHENTICATION_FAILED).mapToLong(Map.Entry::getValue).sum();
    }

    Map<SrtpFailure, Long> failures() {
        return Map.copyOf(failures);
    }

    long unkeyed() {
        return unkeyed;
    }

    String rocSummary() {
        if (id.rtcp()) {
            return "SRTCP index carried in each packet";
        }
        String start = "ROC " + Integer.toUnsignedString(firstRoc) + (firstRoc != 0 ? " (from MIKEY's crypto session map)" : "");
        return wraps == 0 ? start + ", no sequence wrap" : start + " to " + Integer.toUnsignedString(firstRoc + (int) wraps) + " (" + wraps
                + " sequence wrap(s) followed)";
    }
}
