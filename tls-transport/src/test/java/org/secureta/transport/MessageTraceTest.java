package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * The message trace (SipMessageListener) against a real Kamailio: every SIP message the unit
 * sends or receives is seen once, with its direction, both addresses, the transport and the
 * hop's security verdict, and the body as sent.
 */
class MessageTraceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TLS_VERDICT = "TLSv1\\.[23] TLS_\\S+ HostName ok";
    private static final byte[] SDP = ("v=0\r\no=- 7 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40002 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA trace CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().user("300", "pw300").user("301", "pw301").user("302", "pw302"));
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static Units unit(List<SipMessageRecord> trace) throws Exception {
        return Units.tls(ca.unitCredentials(CertificateValidation.HostName, Clock.systemUTC(), null))
                .with("persistentBasePort", FreePorts.persistentBase())
                // The guide's section 3.3: the proxy reaches the unit over its TLS link only with these.
                .with("registrationTransportParameter", true)
                .with("contactTransportParameter", true)
                .gateway("gw", kamailio.hostPort())
                .messages(trace::add);
    }

    private static SipMessageRecord find(List<SipMessageRecord> trace, Predicate<SipMessageRecord> which, String what) {
        return trace.stream().filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " in the trace: " + trace.stream().map(SipMessageRecord::firstLine).toList()));
    }

    @Test
    void registerAndItsOkAreSeenWithDirectionAddressesTransportAndTheTlsVerdict() throws Exception {
        List<SipMessageRecord> trace = new CopyOnWriteArrayList<>();
        UnitEvents events = new UnitEvents();
        Instant before = Instant.now();
        try (SipUnit unit = unit(trace).line("1", "300", "pw300", "gw").start(events)) {
            events.await(registration("1", "Registered"), WAIT);

            String local = "127.0.0.1:" + unit.localPort();
            SipMessageRecord register = find(trace, m -> m.direction() == Direction.SENT && m.method().equals("REGISTER"), "sent REGISTER");
            assertTrue(register.firstLine().startsWith("REGISTER sip:" + kamailio.hostPort()), register.firstLine());
            assertTrue(register.isRequest());
            assertEquals(local, register.local());
            assertEquals(kamailio.hostPort(), register.remote());
            assertEquals(Transport.TLS, register.transport());
            assertTrue(register.security().matches(TLS_VERDICT), register.security());
            assertFalse(register.time().isBefore(before.minusSeconds(1)), "stamped with the unit's clock: " + register.time());

            SipMessageRecord challenge = find(trace, m -> m.direction() == Direction.RECEIVED && m.statusCode() == 401, "received 401");
            assertEquals(register.callId(), challenge.callId());
            SipMessageRecord ok = find(trace, m -> m.direction() == Direction.RECEIVED && m.statusCode() == 200
                    && m.method().equals("REGISTER"), "received 200 to REGISTER");
            assertEquals("SIP/2.0 200 OK", ok.firstLine());
            assertEquals(register.callId(), ok.callId());
            assertEquals(local, ok.local());
            assertEquals(kamailio.hostPort(), ok.remote());
            assertEquals(Transport.TLS, ok.transport());
            assertTrue(ok.security().matches(TLS_VERDICT), ok.security());
            assertTrue(trace.indexOf(register) < trace.indexOf(challenge) && trace.indexOf(challenge) < trace.indexOf(ok),
                    "in the order they travelled");
            SipMessageRecord answered = find(trace, m -> m.direction() == Direction.SENT && m.method().equals("REGISTER")
                    && !m.cseq().equals(register.cseq()), "REGISTER answering the challenge");
            assertEquals(ok.cseq(), answered.cseq());
            assertTrue(trace.stream().noneMatch(m -> m.body().contains("pw300")), "the password never appears");
        }
    }

    @Test
    void anInvitesSdpBodyIsSeenByTheCallerAsSentAndByTheCalleeAsReceived() throws Exception {
        List<SipMessageRecord> callerTrace = new CopyOnWriteArrayList<>();
        List<SipMessageRecord> calleeTrace = new CopyOnWriteArrayList<>();
        UnitEvents callerEvents = new UnitEvents();
        UnitEvents calleeEvents = new UnitEvents();
        try (SipUnit caller = unit(callerTrace).line("1", "301", "pw301", "gw").start(callerEvents);
             SipUnit callee = unit(calleeTrace).line("1", "302", "pw302", "gw").start(calleeEvents)) {
            callerEvents.await(registration("1", "Registered"), WAIT);
            calleeEvents.await(registration("1", "Registered"), WAIT);
            callee.addListener(new SipTransportListener() {
                @Override
                public void requestReceived(IncomingRequest request) {
                    if (request.method().equals("INVITE")) {
                        request.respond(486, "Busy Here");
                    }
                }
            });

            SipResponse answer = caller.sendRequest("1", OutgoingRequest.of("INVITE", "sip:302@" + kamailio.hostPort())
                    .withBody("application/sdp", SDP)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(486, answer.statusCode(), answer + "\ncaller saw " + callerTrace.stream().map(m -> m.direction() + " " + m.firstLine()).toList()
                    + "\ncallee saw " + calleeTrace.stream().map(m -> m.direction() + " " + m.firstLine()).toList());

            String sdp = new String(SDP, StandardCharsets.US_ASCII);
            SipMessageRecord sent = find(callerTrace, m -> m.direction() == Direction.SENT && m.method().equals("INVITE"), "sent INVITE");
            assertEquals(sdp, sent.body());
            assertTrue(sent.firstLine().startsWith("INVITE sip:302@"), sent.firstLine());
            SipMessageRecord received = find(calleeTrace, m -> m.direction() == Direction.RECEIVED && m.method().equals("INVITE"),
                    "received INVITE");
            assertEquals(sdp, received.body());
            assertEquals(sent.callId(), received.callId(), "one call, seen from both ends");
            assertEquals("127.0.0.1:" + callee.localPort(), received.local());
            assertEquals(kamailio.hostPort(), received.remote(), "relayed by the proxy over the callee's own link");
            assertTrue(received.security().matches(TLS_VERDICT), received.security());
            find(calleeTrace, m -> m.direction() == Direction.SENT && m.statusCode() == 486, "sent 486");
            find(callerTrace, m -> m.direction() == Direction.RECEIVED && m.statusCode() == 486, "received 486");
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheRegistration() throws Exception {
        UnitEvents events = new UnitEvents();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (SipUnit unit = Units.tls(ca.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                .gateway("gw", kamailio.hostPort()).line("1", "300", "pw300", "gw")
                .messages(message -> {
                    seen.add(message.firstLine());
                    throw new IllegalStateException("a broken troubleshooting tool");
                }).start(events)) {
            events.await(registration("1", "Registered"), WAIT);

            assertTrue(seen.size() >= 4, "REGISTER, 401, REGISTER, 200 each reached the listener: " + seen);
        }
    }

    @Test
    void overUdpTheVerdictIsNone() throws Exception {
        try (Kamailio udp = Kamailio.start(ca, new Kamailio.Options().udpOnly().user("300", "pw300"))) {
            List<SipMessageRecord> trace = new CopyOnWriteArrayList<>();
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = Units.udp().gateway("gw", udp.hostPort()).line("1", "300", "pw300", "gw").messages(trace::add).start(events)) {
                events.await(registration("1", "Registered"), WAIT);

                SipMessageRecord ok = find(trace, m -> m.direction() == Direction.RECEIVED && m.statusCode() == 200, "received 200");
                assertEquals(Transport.UDP, ok.transport());
                assertEquals("none", ok.security());
                assertEquals(udp.hostPort(), ok.remote());
                assertTrue(trace.stream().allMatch(m -> m.security().equals("none")));
            }
        }
    }
}
