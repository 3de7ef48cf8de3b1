package org.secureta.srtp.crypto;

import java.util.List;
import java.util.Objects;

import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * SRTP for one direction of one media stream (RFC 3711 3.3): a {@linkplain #forSending sending}
 * context {@link #protect}s, a {@linkplain #forReceiving receiving} one {@link #unprotect}s, each in
 * place on the caller's array, with one crypto context (rollover counter, replay list) per SSRC.
 * <p>
 * Not thread-safe: one thread at a time per context (the media thread of that direction).
 * {@link #counters()} alone may be read from any thread. Packets allocate nothing, except the first
 * of a new SSRC (its state, once). The master key and session keys never appear in {@link #toString()}.
 * <p>
 * Both methods return the new packet length, or the negative code of an {@link SrtpFailure}, and
 * leave a refused packet as it was. Only a range outside the array throws (a caller's bug, not a
 * packet's).
 */
public final class SrtpContext {

    /** RFC 4568 9.1 allows an MKI of 1 to 128 bytes. */
    static final int MAX_MKI_LENGTH = 128;

    private final boolean sending;
    private final SrtpProfile profile;
    /** The master keys, told apart by MKI (RFC 3711 3.2.1); a sending context has one. */
    private final KeyRing ring;
    /** The first key: the one {@code protect} uses. */
    private final MasterKey current;
    private final int mkiLength;
    private final int tagLength;
    private final StreamTable<RtpStream> streams = new StreamTable<>(RtpStream::new);
    private final PacketCounters counters = new PacketCounters();

    /**
     * A context that protects what we send with {@code keys}.
     *
     * @throws IllegalArgumentException if the MKI is longer than 128 bytes
     */
    public static SrtpContext forSending(SrtpKeys keys) {
        return new SrtpContext(List.of(Objects.requireNonNull(keys, "keys")), true);
    }

    /**
     * A context that unprotects what we receive with {@code keys}.
     *
     * @throws IllegalArgumentException if the MKI is longer than 128 bytes
     */
    public static SrtpContext forReceiving(SrtpKeys keys) {
        return new SrtpContext(List.of(Objects.requireNonNull(keys, "keys")), false);
    }

    /**
     * A context that unprotects what we receive under any of {@code keys}, the peer choosing one per
     * packet by its MKI (RFC 3711 3.1, RFC 4568 6.1); the sources' rollover counters and replay lists
     * are shared by all the keys, as one crypto context's are.
     *
     * @throws IllegalArgumentException if the keys are of different suites, or several keys lack
     *         distinct MKIs of one length, or an MKI is longer than 128 bytes
     */
    public static SrtpContext forReceiving(List<SrtpKeys> keys) {
        return new SrtpContext(List.copyOf(keys), false);
    }

    private SrtpContext(List<SrtpKeys> keys, boolean sending) {
        this.sending = sending;
        ring = KeyRing.of(keys, false);
        current = ring.current;
        profile = keys.get(0).profile();
        mkiLength = current.mki.length;
        tagLength = profile.authTagLength();
    }

    static byte[] checkedMki(SrtpKeys keys) {
        byte[] mki = keys.mki();
        if (mki.length > MAX_MKI_LENGTH) {
            throw new IllegalArgumentException("mki must be at most " + MAX_MKI_LENGTH + " bytes (RFC 4568 9.1), not " + mki.length);
        }
        return mki;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@code protect} appends: the MKI, if any, and the authentication tag. */
    public int overhead() {
        return mkiLength + tagLength;
    }

    /**
     * Turns the RTP packet in {@code packet[offset, offset + length)} into an SRTP packet: encrypts
     * the payload, then appends the MKI and the authentication tag after it, so the array needs
     * {@link #overhead()} spare bytes after the packet.
     *
     * @return the SRTP packet's length, or a negative {@link SrtpFailure} code: MALFORMED,
     *         BUFFER_TOO_SMALL, REPLAYED (this index was protected already: sending it again would
     *         reuse keystream), KEY_EXHAUSTED or TOO_MANY_STREAMS
     * @throws IndexOutOfBoundsException if the range is outside {@code packet}
     * @throws IllegalStateException if this is a receiving context
     */
    public int protect(byte[] packet, int offset, int length) {
        requireDirection(true, "protect");
        Objects.checkFromIndexSize(offset, length, packet.length);
        int headerLength = PacketFields.rtpHeaderLength(packet, offset, length);
        if (headerLength < 0) {
            return counters.fail(SrtpFailure.MALFORMED);
        }
        if (packet.length - offset - length < overhead()) {
            return counters.fail(SrtpFailure.BUFFER_TOO_SMALL);
        }
        int ssrc = PacketFields.readInt(packet, offset + 8);
        RtpStream stream = streams.find(ssrc);
        if (stream == null && (stream = streams.claim(ssrc)) == null) {
            return counters.fail(SrtpFailure.TOO_MANY_STREAMS);
        }
        long index = stream.estimateIndex(PacketFields.unsignedShort(packet, offset + 2));
        if (!stream.isFresh(index)) {
            return counters.fail(SrtpFailure.REPLAYED);
        }
        MasterKey key = current;
        if (index > RtpStream.MAX_INDEX || key.exhausted()) {
            return counters.fail(SrtpFailure.KEY_EXHAUSTED);
        }
        key.cipher.transform(packet, offset + headerLength, length - headerLength, ssrc, index);
        int end = offset + length;
        if (mkiLength != 0) {
            // Most keys have no MKI: no copy call per packet for nothing.
            System.arraycopy(key.mki, 0, packet, end, mkiLength);
        }
        // 4.2: the tag covers the header and encrypted payload and, implicitly, the ROC; not the MKI.
        key.authenticator.compute(packet, offset, length, (int) (index >>> 16));
        key.authenticator.writeTag(packet, end + mkiLength, tagLength);
        stream.accept(index);
        key.used++;
        // The next packet of this source is most likely index + 1: its counter block, written now,
        // is long stored when its keystream is made (a transform of another index rewrites it).
        key.cipher.prepare(ssrc, index + 1);
        counters.countProtected();
        return length + mkiLength + tagLength;
    }

    /**
     * Turns the SRTP packet in {@code packet[offset, offset + length)} back into RTP, in place,
     * after checking MKI, replay and authentication tag (RFC 3711 3.3 steps 3 to 5, in this order).
     *
     * @return the RTP packet's length, or a negative {@link SrtpFailure} code: MALFORMED, UNKNOWN_MKI,
     *         REPLAYED, KEY_EXHAUSTED, AUTHENTICATION_FAILED or TOO_MANY_STREAMS
     * @throws IndexOutOfBoundsException if the range is outside {@code packet}
     * @throws IllegalStateException if this is a sending context
     */
    public int unprotect(byte[] packet, int offset, int length) {
        requireDirection(false, "unprotect");
        Objects.checkFromIndexSize(offset, length, packet.length);
        int authenticatedLength = length - mkiLength - tagLength;
        int headerLength = PacketFields.rtpHeaderLength(packet, offset, authenticatedLength);
        if (headerLength < 0) {
            return counters.fail(SrtpFailure.MALFORMED);
        }
        int ssrc = PacketFields.readInt(packet, offset + 8);
        RtpStream stream = streams.find(ssrc);
        boolean newStream = stream == null;
        if (newStream && (stream = streams.claim(ssrc)) == null) {
            return counters.fail(SrtpFailure.TOO_MANY_STREAMS);
        }
        long index = stream.estimateIndex(PacketFields.unsignedShort(packet, offset + 2));
        int end = offset + authenticatedLength;
        // 3.3 step 3: the MKI names the master key (one key: it must be that key's MKI, if any).
        MasterKey key = ring.keyFor(packet, end);
        if (key != null) {
            key.cipher.prepare(ssrc, index);
            // Computed before the replay and lifetime checks, judged after them (steps 4 and 5 in
            // order, as SrtcpContext.unprotect does): the same verdict for every packet, and those
            // checks run beside the SHA-1 blocks instead of before them.
            key.authenticator.compute(packet, offset, authenticatedLength, (int) (index >>> 16));
        }
        SrtpFailure failure = KeyRing.beforeTag(key, key != null && stream.isFresh(index), index <= RtpStream.MAX_INDEX);
        if (failure == null && !key.authenticator.matches(packet, end + mkiLength, tagLength)) {
            failure = SrtpFailure.AUTHENTICATION_FAILED;
        }
        if (failure != null) {
            if (newStream) {
                // Only an authentic packet may open a stream, or forged SSRCs would fill the table.
                streams.release(stream);
            }
            return counters.fail(failure);
        }
        key.cipher.transform(packet, offset + headerLength, authenticatedLength - headerLength, ssrc, index);
        stream.accept(index);
        key.used++;
        counters.countUnprotected();
        return authenticatedLength;
    }

    /**
     * Announces the rollover counter of a source before its first packet, for a stream joined late
     * (MIKEY's crypto session map carries the sender's ROC, RFC 3830 6.1.1). Without it the first
     * packet of a source is taken to have ROC 0 (RFC 3711 3.3.1). Forgets any state of that source.
     *
     * @throws IllegalStateException if the context already follows its maximum number of sources
     */
    public void expectStream(int ssrc, int rolloverCounter) {
        RtpStream stream = streams.find(ssrc);
        if (stream == null) {
            stream = streams.claim(ssrc);
            if (stream == null) {
                throw new IllegalStateException("an SRTP context follows at most " + StreamTable.MAX_STREAMS + " SSRCs");
            }
        } else {
            stream.clear();
        }
        stream.expectRolloverCounter(Integer.toUnsignedLong(rolloverCounter));
    }

    /**
     * Receiving side: forgets a source (RTCP BYE, SSRC change), so that its next packet starts a new
     * crypto context with ROC 0 and an empty replay list, as the first packet of a source does.
     *
     * @throws IllegalStateException on a sending context: restarting a sender's index would reuse keystream
     */
    public void forgetStream(int ssrc) {
        requireDirection(false, "forgetStream");
        RtpStream stream = streams.find(ssrc);
        if (stream != null) {
            streams.release(stream);
        }
    }

    /** How many packets the (first) master key may protect or accept in all: its lifetime. */
    public long lifetime() {
        return ring.lifetime();
    }

    /**
     * How many more packets the (first) master key may protect or accept before
     * {@link SrtpFailure#KEY_EXHAUSTED}. Read it from the thread that uses the context.
     */
    public long packetsLeft() {
        return ring.packetsLeft();
    }

    /** How many master keys the context tells apart by MKI. */
    public int keyCount() {
        return ring.size();
    }

    /** Number of sources this context follows. */
    public int streamCount() {
        return streams.size();
    }

    public boolean isSending() {
        return sending;
    }

    public SrtpCounters counters() {
        return counters.snapshot();
    }

    private void requireDirection(boolean sendingNeeded, String operation) {
        if (sending != sendingNeeded) {
            throw new IllegalStateException(operation + " needs a " + (sendingNeeded ? "sending" : "receiving")
                    + " SRTP context, this one is " + (sending ? "sending" : "receiving"));
        }
    }

    @Override
    public String toString() {
        return "SrtpContext[" + (sending ? "sending, " : "receiving, ") + profile + ", " + ring.describe() + ", streams=" + streams.size() + "]";
    }
}
