package org.secureta.srtp.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.logging.Level;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** jitsi-srtp as an independent implementation to check ours against (test scope only). */
final class JitsiSrtp {

    private final SrtpCryptoContext rtp;
    private final SrtcpCryptoContext rtcp;

    private JitsiSrtp(SrtpKeys keys, boolean sender, int ssrc) throws GeneralSecurityException {
        int tagLength = keys.profile().authTagLength();
        if (!keys.profile().encrypted()) {
            throw new IllegalArgumentException("jitsi-srtp cannot do NULL encryption with HMAC: " + keys.profile());
        }
        SrtpPolicy srtpPolicy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                tagLength, 14);
        SrtpPolicy srtcpPolicy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                10, 14);
        SrtpContextFactory factory = new SrtpContextFactory(sender, keys.masterKey(), keys.masterSalt(), srtpPolicy,
                srtcpPolicy, new LoggerImpl(JitsiSrtp.class.getName(), Level.WARNING));
        rtp = factory.deriveContext(ssrc, 0);
        rtcp = factory.deriveControlContext(ssrc);
    }

    static JitsiSrtp sender(SrtpKeys keys, int ssrc) throws GeneralSecurityException {
        return new JitsiSrtp(keys, true, ssrc);
    }

    static JitsiSrtp receiver(SrtpKeys keys, int ssrc) throws GeneralSecurityException {
        return new JitsiSrtp(keys, false, ssrc);
    }

    static boolean supports(SrtpProfile profile) {
        return profile.encrypted();
    }

    byte[] protectRtp(byte[] packet) throws GeneralSecurityException {
        Buffer buffer = new Buffer(packet);
        check(rtp.transformPacket(buffer));
        return buffer.bytes();
    }

    /** The RTP packet, or the reason jitsi-srtp refused it. */
    Object unprotectRtp(byte[] packet) throws GeneralSecurityException {
        Buffer buffer = new Buffer(packet);
        SrtpErrorStatus status = rtp.reverseTransformPacket(buffer, false);
        return status == SrtpErrorStatus.OK ? buffer.bytes() : status;
    }

    byte[] protectRtcp(byte[] packet) throws GeneralSecurityException {
        Buffer buffer = new Buffer(packet);
        check(rtcp.transformPacket(buffer));
        return buffer.bytes();
    }

    Object unprotectRtcp(byte[] packet) throws GeneralSecurityException {
        Buffer buffer = new Buffer(packet);
        SrtpErrorStatus status = rtcp.reverseTransformPacket(buffer);
        return status == SrtpErrorStatus.OK ? buffer.bytes() : status;
    }

    private static void check(SrtpErrorStatus status) {
        if (status != SrtpErrorStatus.OK) {
            throw new AssertionError("jitsi-srtp refused to protect: " + status);
        }
    }

    /** A growable buffer, as jitsi-srtp appends the tag and SRTCP trailer itself. */
    private static final class Buffer implements ByteArrayBuffer {
        private byte[] array;
        private int offset;
        private int length;

        Buffer(byte[] packet) {
            array = Arrays.copyOf(packet, packet.length + 64);
            length = packet.length;
        }

        byte[] bytes() {
            return Arrays.copyOfRange(array, offset, offset + length);
        }

        @Override
        public byte[] getBuffer() {
            return array;
        }

        @Override
        public int getOffset() {
            return offset;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int length) {
            this.length = length;
        }

        @Override
        public void setOffset(int offset) {
            this.offset = offset;
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(array, offset + off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (offset + length + howMuch > array.length) {
                array = Arrays.copyOf(array, offset + length + howMuch);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, array, offset + length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
