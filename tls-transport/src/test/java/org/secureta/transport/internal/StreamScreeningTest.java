package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The framing and screening rules of accepted connections, on RFC 4475-style header sections. */
class StreamScreeningTest {

    private static SipHeaderBlock block(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return SipHeaderBlock.parse(bytes, bytes.length);
    }

    private static final String OPTIONS = "OPTIONS sip:301@127.0.0.1 SIP/2.0\r\n"
            + "v: SIP  /  2.0  /  TLS 127.0.0.1:5061;branch=z9hG4bK1\r\n"
            + "f: <sip:a@127.0.0.1>;tag=1\r\n"
            + "t: <sip:301@127.0.0.1>\r\n"
            + "i: abc@host\r\n"
            + "CSeq: 1\r\n OPTIONS\r\n"
            + "l: 0\r\n\r\n";

    @Test
    void compactFormsAndFoldedLinesAreUnderstood() throws Exception {
        SipHeaderBlock request = block(OPTIONS);
        assertEquals("OPTIONS", request.method());
        assertEquals("SIP/2.0", request.requestVersion());
        assertEquals("1 OPTIONS", request.first("cseq").orElseThrow().value());
        assertEquals(0, StreamScreening.contentLength(request));
        // Whitespace around the slashes of the sent-protocol is legal (RFC 4475 3.1.1.1).
        assertEquals(Optional.empty(), StreamScreening.refusalOf(request, "TLS"));
    }

    @Test
    void contentLengthsThatCannotFrameTheStreamAreFramingErrors() {
        assertThrows(StreamScreening.FramingException.class,
                () -> StreamScreening.contentLength(block(OPTIONS.replace("l: 0\r\n", "l: 0\r\nContent-Length: 12\r\n"))));
        assertThrows(StreamScreening.FramingException.class,
                () -> StreamScreening.contentLength(block(OPTIONS.replace("l: 0\r\n", "l: -5\r\n"))));
        assertThrows(StreamScreening.FramingException.class,
                () -> StreamScreening.contentLength(block(OPTIONS.replace("l: 0\r\n", "l: 99999999999999\r\n"))));
    }

    @Test
    void theSameContentLengthTwiceStillFrames() throws Exception {
        assertEquals(0, StreamScreening.contentLength(block(OPTIONS.replace("l: 0\r\n", "l: 0\r\nContent-Length: 0\r\n"))));
    }

    @Test
    void duplicatesAreFoundUnderTheirCompactNamesToo() {
        StreamScreening.Refusal refusal = StreamScreening.refusalOf(block(OPTIONS.replace("i: abc@host\r\n",
                "i: abc@host\r\nCall-ID: other@host\r\n")), "TLS").orElseThrow();
        assertEquals(400, refusal.code());
        assertTrue(refusal.reason().contains("Call-ID"), refusal.reason());
    }

    @Test
    void anAnswerCopiesTheRequestsFieldsAndAddsAToTag() {
        byte[] answer = StreamScreening.answer(block(OPTIONS), 505, "Version Not Supported", List.of("Accept: application/sdp"), "t1");
        String text = new String(answer, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("SIP/2.0 505 Version Not Supported\r\n"), text);
        assertTrue(text.contains("Via: SIP  /  2.0  /  TLS 127.0.0.1:5061;branch=z9hG4bK1\r\n"), text);
        assertTrue(text.contains("To: <sip:301@127.0.0.1>;tag=t1\r\n"), text);
        assertTrue(text.contains("CSeq: 1 OPTIONS\r\n"), text);
        assertTrue(text.contains("Accept: application/sdp\r\n"), text);
        assertTrue(text.endsWith("Content-Length: 0\r\n\r\n"), text);
    }

    @Test
    void anAckIsNeverAnswered() {
        assertNull(StreamScreening.answer(block(OPTIONS.replaceFirst("OPTIONS", "ACK")), 400, "Bad Request", List.of(), "t"));
    }
}
