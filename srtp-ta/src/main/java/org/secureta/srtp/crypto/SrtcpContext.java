package org.secureta.srtp.crypto;

import java.util.List;
import java.util.Objects;

import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * SRTCP for one direction of one media stream (RFC 3711 3.4): {@link #protect} appends the E flag
 * and SRTCP index, the MKI if any and an 80-bit tag (SRTCP always uses 80 bits, whatever the SRTP
 * tag length, RFC 4568 6.2.1); {@link #unprotect} checks them and removes them.
 * <p>
 * Not thread-safe, like {@link SrtpContext}: one thread per context, {@link #counters()} from any.
 * Same result convention: a new length, or the negative code of an {@link SrtpFailure}.
 */
public final class SrtcpContext {

    /** SRTCP tag length: 80 bits for every suite here. */
    static final int TAG_LENGTH = 10;
    private static final int E_AND_INDEX_LENGTH = 4;
    private static final int E_FLAG = 0x8000_0000;

    private final boolean sending;
    private final SrtpProfile profile;
    /** The master keys, told apart by MKI; their SRTCP lifetimes are at most 2^31 (RFC 3711 9.2). */
    private final KeyRing ring;
    private final MasterKey current;
    private final int mkiLength;
    private final StreamTable<RtcpStream> streams = new StreamTable<>(RtcpStream::new);
    private final PacketCounters counters = new PacketCounters();

    /**
     * A context that protects the RTCP we send with {@code keys}.
     *
     * @throws IllegalArgumentException if the MKI is longer than 128 bytes
     */
    public static SrtcpContext forSending(SrtpKeys keys) {
        return new SrtcpContext(List.of(Objects.requireNonNull(keys, "keys")), true);
    }

    /**
     * A context that unprotects the SRTCP we receive with {@code keys}.
     *
     * @throws IllegalArgumentException if the MKI is longer than 128 bytes
     */
    public static SrtcpContext forReceiving(SrtpKeys keys) {
        return new SrtcpContext(List.of(Objects.requireNonNull(keys, "keys")), false);
    }

    /**
     * A context that unprotects the SRTCP we receive under any of {@code keys}, chosen per packet by
     * its MKI, as {@link SrtpContext#forReceiving(List)}.
     *
     * @throws IllegalArgumentException as {@link SrtpContext#forReceiving(List)}
     */
    public static SrtcpContext forReceiving(List<SrtpKeys> keys) {
        return new SrtcpContext(List.copyOf(keys), false);
    }

    private SrtcpContext(List<SrtpKeys> keys, boolean sending) {
        this.sending = sending;
        ring = KeyRing.of(keys, true);
        current = ring.current;
        profile = keys.get(0).profile();
        mkiLength = current.mki.length;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@code protect} appends: E flag and SRTCP index, the MKI, and the tag. */
    public int overhead() {
        return E_AND_INDEX_LENGTH + mkiLength + TAG_LENGTH;
    }

    /**
     * Turns the (compound) RTCP packet in {@code packet[offset, offset + length)} into SRTCP: encrypts
     * everything after the sender's SSRC (the NULL profiles leave it in clear and send E = 0), then
     * appends E || SRTCP index, the MKI and the tag; the array needs {@link #overhead()} spare bytes.
     *
     * @return the SRTCP packet's length, or a negative {@link SrtpFailure} code: MALFORMED,
     *         BUFFER_TOO_SMALL, KEY_EXHAUSTED (2^31 packets sent) or TOO_MANY_STREAMS
     * @throws IndexOutOfBoundsException if the range is outside {@code packet}
     * @throws IllegalStateException if this is a receiving context
     */
    public int protect(byte[] packet, int offset, int length) {
        requireDirection(true, "protect");
        Objects.checkFromIndexSize(offset, length, packet.length);
        if (!PacketFields.isRtcp(packet, offset, length)) {
            return counters.fail(SrtpFailure.MALFORMED);
        }
        if (packet.length - offset - length < overhead()) {
            return counters.fail(SrtpFailure.BUFFER_TOO_SMALL);
        }
        int ssrc = PacketFields.readInt(packet, offset + 4);
        RtcpStream stream = streams.find(ssrc);
        if (stream == null && (stream = streams.claim(ssrc)) == null) {
            return counters.fail(SrtpFailure.TOO_MANY_STREAMS);
        }
        long index = stream.nextIndex;
        MasterKey key = current;
        if (index > RtcpStream.MAX_INDEX || key.exhausted()) {
            return counters.fail(SrtpFailure.KEY_EXHAUSTED);
        }
        boolean encrypted = profile.encrypted();
        int encryptedStart = offset + PacketFields.RTCP_FIXED_HEADER;
        key.cipher.transform(packet, encryptedStart, length - PacketFields.RTCP_FIXED_HEADER, ssrc, index);
        int end = offset + length;
        PacketFields.writeInt(packet, end, (encrypted ? E_FLAG : 0) | (int) index);
        if (mkiLength != 0) {
            System.arraycopy(key.mki, 0, packet, end + E_AND_INDEX_LENGTH, mkiLength);
        }
        // 3.4: the tag covers the header, the encrypted part and E || index; not the MKI.
        key.authenticator.compute(packet, offset, length + E_AND_INDEX_LENGTH);
        key.authenticator.writeTag(packet, end + E_AND_INDEX_LENGTH + mkiLength, TAG_LENGTH);
        stream.nextIndex = index + 1;
        key.used++;
        // As SrtpContext.protect: the next SRTCP packet of this source is index + 1.
        key.cipher.prepare(ssrc, index + 1);
        counters.countProtected();
        return length + overhead();
    }

    /**
     * Turns the SRTCP packet in {@code packet[offset, offset + length)} back into RTCP, in place,
     * after checking MKI, replay and tag. A packet with E = 0 is authenticated but not decrypted,
     * as RFC 3711 3.4 lets a sender choose per packet.
     *
     * @return the RTCP packet's length, or a negative {@link SrtpFailure} code: MALFORMED, UNKNOWN_MKI,
     *         REPLAYED, AUTHENTICATION_FAILED or TOO_MANY_STREAMS
     * @throws IndexOutOfBoundsException if the range is outside {@code packet}
     * @throws IllegalStateException if this is a sending context
     */
    public int unprotect(byte[] packet, int offset, int length) {
        requireDirection(false, "unprotect");
        Objects.checkFromIndexSize(offset, length, packet.length);
        int authenticatedLength = length - mkiLength - TAG_LENGTH;
        int rtcpLength = authenticatedLength - E_AND_INDEX_LENGTH;
        if (rtcpLength < 0 || !PacketFields.isRtcp(packet, offset, rtcpLength)) {
            return counters.fail(SrtpFailure.MALFORMED);
        }
        int ssrc = PacketFields.readInt(packet, offset + 4);
        int end = offset + authenticatedLength;
        int eAndIndex = PacketFields.readInt(packet, offset + rtcpLength);
        long index = eAndIndex & RtcpStream.MAX_INDEX;
        // 3.3 step 3: the MKI names the master key (one key: it must be that key's MKI, if any).
        MasterKey key = ring.keyFor(packet, end);
        if (key != null) {
            if ((eAndIndex & E_FLAG) != 0) {
                key.cipher.prepare(ssrc, index);
            }
            // The tag is computed here and judged last, after the stream, replay and lifetime
            // checks, in RFC 3711 3.3's order, so every packet gets the same verdict as if it were
            // computed there (a refused one has just cost its HMAC, as a forged one always does).
            // Computed first, its SHA-1 blocks start as soon as the packet is known, and the
            // bookkeeping below runs beside them rather than before them: the core reaches this
            // packet's first block before the previous packet's last one is done.
            key.authenticator.compute(packet, offset, authenticatedLength);
        }
        RtcpStream stream = streams.find(ssrc);
        boolean newStream = stream == null;
        if (newStream && (stream = streams.claim(ssrc)) == null) {
            return counters.fail(SrtpFailure.TOO_MANY_STREAMS);
        }
        SrtpFailure failure = KeyRing.beforeTag(key, key != null && stream.window.isFresh(index), true);
        if (failure == null && !key.authenticator.matches(packet, end + mkiLength, TAG_LENGTH)) {
            failure = SrtpFailure.AUTHENTICATION_FAILED;
        }
        if (failure != null) {
            if (newStream) {
                streams.release(stream);
            }
            return counters.fail(failure);
        }
        if ((eAndIndex & E_FLAG) != 0) {
            key.cipher.transform(packet, offset + PacketFields.RTCP_FIXED_HEADER, rtcpLength - PacketFields.RTCP_FIXED_HEADER,
                    ssrc, index);
        }
        stream.window.accept(index);
        key.used++;
        counters.countUnprotected();
        return rtcpLength;
    }

    /**
     * Receiving side: forgets a source, emptying its replay list.
     *
     * @throws IllegalStateException on a sending context: restarting a sender's SRTCP index would reuse keystream
     */
    public void forgetStream(int ssrc) {
        requireDirection(false, "forgetStream");
        RtcpStream stream = streams.find(ssrc);
        if (stream != null) {
            streams.release(stream);
        }
    }

    /** How many SRTCP packets the master key may protect (or accept) in all. */
    public long lifetime() {
        return ring.lifetime();
    }

    /** How many more SRTCP packets the master key may protect (or accept); read it from the thread that uses the context. */
    public long packetsLeft() {
        return ring.packetsLeft();
    }

    /** The state of one source, for tests. */
    RtcpStream stream(int ssrc) {
        return streams.find(ssrc);
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
                    + " SRTCP context, this one is " + (sending ? "sending" : "receiving"));
        }
    }

    @Override
    public String toString() {
        return "SrtcpContext[" + (sending ? "sending, " : "receiving, ") + profile + ", " + ring.describe() + ", streams=" + streams.size() + "]";
    }
}
