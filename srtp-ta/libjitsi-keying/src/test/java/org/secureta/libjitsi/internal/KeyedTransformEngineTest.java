package org.secureta.libjitsi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;

import org.jitsi.service.neomedia.RawPacket;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * The rules the Libjitsi engine's SRTP keeps on top of jitsi-srtp, packet by packet: nothing in
 * clear before keys, a master key never used past its lifetime (RFC 3711 9.2) on either side,
 * refusals counted by reason, and the previous receiving keys still accepted after a change.
 */
class KeyedTransformEngineTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static SrtpKeys keys(long lifetime) {
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(salt);
        return new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt, new byte[0], lifetime);
    }

    private static RawPacket rtp(int seq) {
        byte[] b = new byte[12 + 160 + 32];
        b[0] = (byte) 0x80;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[8] = 0x12;
        b[11] = 0x34;
        Arrays.fill(b, 12, 12 + 160, (byte) (seq + 1));
        return new RawPacket(b, 0, 12 + 160);
    }

    private static RawPacket copy(RawPacket p) {
        byte[] b = Arrays.copyOf(p.getBuffer(), p.getBuffer().length);
        return new RawPacket(b, p.getOffset(), p.getLength());
    }

    @Test
    void beforeKeysNothingIsSentAndNothingReceivedIsPassedOn() {
        KeyedTransformEngine engine = new KeyedTransformEngine();
        assertNull(engine.getRTPTransformer().transform(new RawPacket[] {rtp(1)})[0]);
        assertNull(engine.getRTPTransformer().reverseTransform(new RawPacket[] {rtp(1)})[0]);
        assertFalse(engine.isSecure());
        assertEquals(0, engine.rtpSent());
    }

    @Test
    void aKeyIsNeverUsedPastItsLifetimeOnEitherSide() {
        SrtpKeys k = keys(4);
        KeyedTransformEngine sender = new KeyedTransformEngine();
        KeyedTransformEngine receiver = new KeyedTransformEngine();
        sender.setKeys(k, keys(1L << 20));
        receiver.setKeys(keys(1L << 20), k);
        for (int seq = 0; seq < 4; seq++) {
            RawPacket sent = sender.getRTPTransformer().transform(new RawPacket[] {rtp(seq)})[0];
            assertNotNull(sent, "packet " + seq + " within the lifetime");
            assertEquals(12 + 160 + 10, sent.getLength(), "SRTP adds the 80-bit tag");
            RawPacket clear = receiver.getRTPTransformer().reverseTransform(new RawPacket[] {sent})[0];
            assertNotNull(clear, "packet " + seq + " authenticates");
            assertArrayEquals(Arrays.copyOfRange(rtp(seq).getBuffer(), 0, 172), Arrays.copyOfRange(clear.getBuffer(), 0, 172));
        }
        assertTrue(sender.sendKeyBelow(0.01), "no lifetime left");
        assertNull(sender.getRTPTransformer().transform(new RawPacket[] {rtp(4)})[0], "the fifth packet is not sent");
        assertEquals(1, sender.expired());
        assertEquals(4, sender.rtpSent());

        // A sender that ignores the lifetime: its fifth packet is refused on receipt.
        KeyedTransformEngine careless = new KeyedTransformEngine();
        careless.setKeys(keys(1L << 20), keys(1L << 20));
        careless.setSendKeys(new SrtpKeys(k.profile(), k.masterKey(), k.masterSalt(), k.mki()));
        RawPacket fifth = careless.getRTPTransformer().transform(new RawPacket[] {rtp(4)})[0];
        assertNull(receiver.getRTPTransformer().reverseTransform(new RawPacket[] {fifth})[0]);
        assertEquals(1, receiver.expired());
        assertEquals(0, receiver.authenticationFailures());
    }

    @Test
    void refusalsAreCountedByReason() {
        SrtpKeys k = keys(SrtpKeys.MAX_LIFETIME);
        KeyedTransformEngine sender = new KeyedTransformEngine();
        KeyedTransformEngine receiver = new KeyedTransformEngine();
        sender.setKeys(k, keys(SrtpKeys.MAX_LIFETIME));
        receiver.setKeys(keys(SrtpKeys.MAX_LIFETIME), k);
        RawPacket sent = sender.getRTPTransformer().transform(new RawPacket[] {rtp(7)})[0];
        RawPacket replay = copy(sent);
        RawPacket tampered = copy(sent);
        tampered.getBuffer()[20] ^= 1;
        assertNull(receiver.getRTPTransformer().reverseTransform(new RawPacket[] {tampered})[0]);
        assertEquals(1, receiver.authenticationFailures());
        assertNotNull(receiver.getRTPTransformer().reverseTransform(new RawPacket[] {sent})[0]);
        assertNull(receiver.getRTPTransformer().reverseTransform(new RawPacket[] {replay})[0]);
        assertEquals(1, receiver.replays(), "a replay is not an authentication failure (RFC 3711 3.3.2)");
        assertEquals(1, receiver.authenticationFailures());
        assertEquals(1, receiver.packetsDecrypted());
    }

    @Test
    void afterAChangeOfReceivingKeysThePreviousOnesStillAuthenticateWhatThePeerSentBefore() {
        SrtpKeys old = keys(SrtpKeys.MAX_LIFETIME);
        SrtpKeys fresh = keys(SrtpKeys.MAX_LIFETIME);
        KeyedTransformEngine peerOld = new KeyedTransformEngine();
        peerOld.setKeys(old, keys(SrtpKeys.MAX_LIFETIME));
        KeyedTransformEngine peerNew = new KeyedTransformEngine();
        peerNew.setKeys(fresh, keys(SrtpKeys.MAX_LIFETIME));
        KeyedTransformEngine receiver = new KeyedTransformEngine();
        receiver.setKeys(keys(SrtpKeys.MAX_LIFETIME), old);
        RawPacket late = peerOld.getRTPTransformer().transform(new RawPacket[] {rtp(1)})[0];
        receiver.setReceiveKeys(fresh);
        assertNotNull(receiver.getRTPTransformer().reverseTransform(new RawPacket[] {late})[0], "in flight under the old keys");
        assertNotNull(receiver.getRTPTransformer().reverseTransform(new RawPacket[] {peerNew.getRTPTransformer().transform(new RawPacket[] {rtp(2)})[0]})[0]);
        // The peer uses the new keys now: the old ones are gone.
        RawPacket stale = peerOld.getRTPTransformer().transform(new RawPacket[] {rtp(3)})[0];
        assertNull(receiver.getRTPTransformer().reverseTransform(new RawPacket[] {stale})[0]);
        assertEquals(1, receiver.authenticationFailures());
    }

    @Test
    void plainRtpPassesOnlyWhenTheCallAgreedItAndNullCipherKeysAreRefusedByName() {
        KeyedTransformEngine engine = new KeyedTransformEngine();
        engine.setPlain();
        assertNotNull(engine.getRTPTransformer().transform(new RawPacket[] {rtp(1)})[0]);
        assertFalse(engine.isSecure());
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.setSendKeys(new SrtpKeys(SrtpProfile.NULL_HMAC_SHA1_80, key, salt, new byte[0])));
        assertEquals("libjitsi's SRTP cannot protect NULL_HMAC_SHA1_80 (NULL cipher with HMAC); use AES encryption", e.getMessage());
        // After plain RTP, keys: never plain again, even as a fallback.
        SrtpKeys k = keys(SrtpKeys.MAX_LIFETIME);
        engine.setKeys(k, k);
        assertNull(engine.getRTPTransformer().reverseTransform(new RawPacket[] {rtp(2)})[0], "a plain packet is refused once keyed");
        assertEquals(1, engine.authenticationFailures());
    }
}
