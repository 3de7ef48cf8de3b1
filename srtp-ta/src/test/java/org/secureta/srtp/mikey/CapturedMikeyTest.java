package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** ta decrypt reads the keys of a captured I_MESSAGE: the same keys the call used, whatever its age; a wrong PSK is named. */
class CapturedMikeyTest {

    private static final byte[] PSK = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    /** An offer made a day ago, as a capture holds it: the responder would refuse it as stale, the decrypter must not. */
    private static InitiatorExchange offer(int streams) throws MikeyException {
        Clock dayAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
        MikeyInitiator initiator = new MikeyInitiator(PSK, false, new SecureRandom(), new ReplayCache(dayAgo, Duration.ofMinutes(5), 10));
        return initiator.start(Collections.nCopies(streams, new CryptoSession(0, 0, 0)),
                List.of(SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_32)));
    }

    @Test
    void readsTheKeysTheInitiatorUsesFromAnOldMessage() throws Exception {
        InitiatorExchange exchange = offer(2);
        List<CapturedMikey.KeyedStream> streams = CapturedMikey.read(KeyMgmtAttribute.format(exchange.message()), PSK, 0);
        assertEquals(2, streams.size());
        for (int i = 0; i < 2; i++) {
            SrtpKeys expected = exchange.trafficKeys().get(i).withProfile(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
            SrtpKeys read = streams.get(i).keys();
            assertArrayEquals(expected.masterKey(), read.masterKey());
            assertArrayEquals(expected.masterSalt(), read.masterSalt());
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, read.profile(), "the suite comes from the message's policy");
            assertEquals(i + 1, streams.get(i).cryptoSession());
        }
    }

    @Test
    void aWrongPreSharedKeyIsNamed() throws Exception {
        String attribute = KeyMgmtAttribute.format(offer(1).message());
        byte[] wrong = PSK.clone();
        wrong[0] ^= 1;
        MikeyException e = assertThrows(MikeyException.class, () -> CapturedMikey.read(attribute, wrong, 0));
        assertTrue(e.getMessage().contains("MAC verification failed"), e.getMessage());
        MikeyException none = assertThrows(MikeyException.class, () -> CapturedMikey.read(attribute, new byte[0], 0));
        assertTrue(none.getMessage().contains("no MIKEY pre-shared key"), none.getMessage());
    }

    @Test
    void garbageIsAClearErrorNotACrash() {
        MikeyException notBase64 = assertThrows(MikeyException.class, () -> CapturedMikey.read("key-mgmt:mikey ###", PSK, 1));
        assertTrue(notBase64.getMessage().contains("base64"), notBase64.getMessage());
        assertThrows(MikeyException.class, () -> CapturedMikey.read("key-mgmt:mikey AQIDBAUGBwgJ", PSK, 1));
    }
}
