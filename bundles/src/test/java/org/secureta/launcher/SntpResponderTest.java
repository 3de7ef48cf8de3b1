package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.secureta.provisioning.time.SntpClient;
import org.secureta.provisioning.time.SntpResult;

/** The demo's SNTP server, asked by the unit's own SNTP client (RFC 4330). */
class SntpResponderTest {

    @Test
    void theUnitsSntpClientAcceptsItsAnswerAndMeasuresTheOffsetToTheServedClock() throws Exception {
        // The served clock runs 90 s ahead of the client's: the client must measure that.
        Clock served = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(90));
        try (SntpResponder responder = SntpResponder.start(served)) {
            assertTrue(responder.hostPort().startsWith("127.0.0.1:"), responder.hostPort());
            SntpResult result = new SntpClient(Clock.systemUTC(), Duration.ofSeconds(2)).query(responder.hostPort());
            assertEquals(1, result.stratum());
            assertEquals("LOCL", result.referenceId());
            long offsetMillis = result.offset().toMillis();
            assertTrue(Math.abs(offsetMillis - 90_000) < 200, "offset " + offsetMillis + " ms");
            assertEquals(1, responder.answered());
        }
    }

    @Test
    void onlyClientRequestsOfAFullNtpHeaderAreAnswered() throws Exception {
        try (SntpResponder responder = SntpResponder.start(Clock.fixed(Instant.parse("2026-11-27T03:00:00Z"), ZoneOffset.UTC))) {
            ByteBuffer shortPacket = ByteBuffer.allocate(47);
            shortPacket.put(0, (byte) (4 << 3 | 3));
            assertNull(responder.replyTo(shortPacket, Instant.now()), "shorter than 48 bytes");
            ByteBuffer serverMode = ByteBuffer.allocate(48);
            serverMode.put(0, (byte) (4 << 3 | 4));
            assertNull(responder.replyTo(serverMode, Instant.now()), "a server reply is not a request");
            ByteBuffer request = ByteBuffer.allocate(48);
            request.put(0, (byte) (3 << 3 | 3));
            request.putLong(40, 0x1234_5678_9ABC_DEF0L);
            ByteBuffer reply = ByteBuffer.wrap(responder.replyTo(request, Instant.parse("2026-11-27T03:00:00Z")));
            assertEquals(3 << 3 | 4, reply.get(0), "version 3 copied, server mode, no leap warning");
            assertEquals(0x1234_5678_9ABC_DEF0L, reply.getLong(24), "originate = the request's transmit time");
            assertEquals(SntpResponder.ntp(Instant.parse("2026-11-27T03:00:00Z")), reply.getLong(40));
        }
    }
}
