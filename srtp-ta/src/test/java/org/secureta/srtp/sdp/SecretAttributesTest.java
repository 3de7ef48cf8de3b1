package org.secureta.srtp.sdp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Key attributes stay out of logs: the standard ones, and those a key management declares. */
class SecretAttributesTest {

    private static final String KEY = "c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3ODkw";

    @Test
    void cryptoAndKeyMgmtValuesAreHidden() {
        assertFalse(Attribute.of("crypto", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY).toString().contains(KEY));
        assertFalse(Attribute.of("key-mgmt", "mikey " + KEY).toString().contains(KEY));
    }

    @Test
    void aDeclaredAttributeOfAThirdMethodIsHiddenEvenInsideASessionDescription() throws Exception {
        String name = "x-unit-key-" + System.nanoTime();
        Attribute attribute = Attribute.of(name, KEY);
        // Not key material until a method declares it: ordinary attributes stay readable in logs.
        assertTrue(attribute.toString().contains(KEY), attribute.toString());

        SecretAttributes.declare(Set.of(name));

        assertFalse(attribute.toString().contains(KEY), attribute.toString());
        assertTrue(attribute.toString().startsWith("a=" + name + ":<hidden"), attribute.toString());
        SessionDescription sdp = SessionDescription.parse(("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/SAVP 0\r\na=" + name + ":" + KEY + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertFalse(sdp.toString().contains(KEY), sdp.toString());
        // The wire form keeps the value: only the log form hides it.
        assertTrue(new String(sdp.writeUtf8(), StandardCharsets.UTF_8).contains(KEY));
    }
}
