package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    @Test
    void answersTheRfc2617ExampleChallenge() {
        // RFC 2617 section 3.5.
        DigestAuthenticator.Challenge challenge = new DigestAuthenticator.Challenge("testrealm@host.com",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "5ccc069c403ebaf9f0171e9517f40e41", null, "auth,auth-int", false);

        DigestAuthenticator.Answer answer = DigestAuthenticator.answer(challenge, "Mufasa", "Circle Of Life", "GET",
                "/dir/index.html", 1, "0a4f113b");

        assertEquals("6629fae49393a05397450978507c4ef1", answer.response());
        assertEquals("auth", answer.qop());
        assertEquals("00000001", answer.nonceCount());
        assertEquals("MD5", answer.algorithm());
    }

    @Test
    void withoutQopTheAnswerFollowsRfc2069() {
        DigestAuthenticator.Challenge challenge = new DigestAuthenticator.Challenge("r", "n", null, "MD5", null, false);

        DigestAuthenticator.Answer answer = DigestAuthenticator.answer(challenge, "u", "p", "REGISTER", "sip:h", 1);

        assertNull(answer.qop());
        assertNull(answer.cnonce());
        assertEquals(32, answer.response().length());
    }

    @Test
    void refusesAnAlgorithmItDoesNotKnowNamingTheAllowedOnes() {
        DigestAuthenticator.Challenge challenge = new DigestAuthenticator.Challenge("r", "n", null, "SHA-512-256", "auth", false);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DigestAuthenticator.answer(challenge, "u", "p", "REGISTER", "sip:h", 1));

        assertTrue(error.getMessage().contains("SHA-512-256") && error.getMessage().contains("MD5, SHA-256"), error.getMessage());
    }

    @Test
    void supportsSha256() {
        DigestAuthenticator.Challenge challenge = new DigestAuthenticator.Challenge("r", "n", null, "SHA-256", "auth", false);

        assertEquals(64, DigestAuthenticator.answer(challenge, "u", "p", "REGISTER", "sip:h", 1).response().length());
    }
}
