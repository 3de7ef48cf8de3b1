package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The class-data archive's training registrar answers a REGISTER as a registrar does, so that the
 * training unit goes through the digest exchange to Registered (RFC 3261 sections 10.3 and 22).
 */
class TrainingRegistrarTest {

    private static final String REGISTER = "REGISTER sip:127.0.0.1:5061 SIP/2.0\r\n"
            + "Via: SIP/2.0/TLS 127.0.0.1:26000;branch=z9hG4bK-1;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:100@127.0.0.1>;tag=abc\r\n"
            + "To: <sip:100@127.0.0.1>\r\n"
            + "Call-ID: reg-1@127.0.0.1\r\n"
            + "CSeq: 1 REGISTER\r\n"
            + "Contact: <sip:100@127.0.0.1:26000;transport=tls>\r\n"
            + "Expires: 600\r\n"
            + "Content-Length: 0\r\n\r\n";

    @Test
    void aRegisterWithoutCredentialsIsChallengedForADigestAnsweringItsTransaction() {
        String answer = TrainingRegistrar.answer(REGISTER);
        assertTrue(answer.startsWith("SIP/2.0 401 Unauthorized\r\n"), answer);
        assertTrue(answer.contains("\r\nWWW-Authenticate: Digest realm=\"training\", nonce=\""), answer);
        assertTrue(answer.contains("qop=\"auth\""), answer);
        assertTrue(answer.contains("\r\nVia: SIP/2.0/TLS 127.0.0.1:26000;branch=z9hG4bK-1;rport\r\n"), "the Via, for the transaction: " + answer);
        assertTrue(answer.contains("\r\nTo: <sip:100@127.0.0.1>;tag=training\r\n"), "a To tag of its own: " + answer);
        assertTrue(answer.contains("\r\nCall-ID: reg-1@127.0.0.1\r\nCSeq: 1 REGISTER\r\n"), answer);
        assertTrue(answer.endsWith("Content-Length: 0\r\n\r\n"), answer);
    }

    @Test
    void aRegisterWithCredentialsIsAcceptedWithItsBindingAndExpiry() {
        String withCredentials = REGISTER.replace("CSeq: 1 REGISTER", "CSeq: 2 REGISTER")
                .replace("Expires: 600\r\n", "Expires: 600\r\nAuthorization: Digest username=\"100\", realm=\"training\"\r\n");
        String answer = TrainingRegistrar.answer(withCredentials);
        assertTrue(answer.startsWith("SIP/2.0 200 OK\r\n"), answer);
        assertTrue(answer.contains("\r\nContact: <sip:100@127.0.0.1:26000;transport=tls>;expires=600\r\n"), answer);
        assertTrue(answer.contains("\r\nCSeq: 2 REGISTER\r\n"), answer);
        assertTrue(!answer.contains("WWW-Authenticate"), answer);
    }

    @Test
    void whatIsNotARegisterGetsNoAnswer() {
        assertNull(TrainingRegistrar.answer(REGISTER.replace("REGISTER sip:", "OPTIONS sip:").replace("1 REGISTER", "1 OPTIONS")));
        assertNull(TrainingRegistrar.answer("SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\n\r\n"));
    }
}
