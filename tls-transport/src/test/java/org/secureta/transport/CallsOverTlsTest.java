package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * Two units registered with Kamailio call each other: the proxy challenges the caller (407),
 * then relays the INVITE over the callee's own TLS link (the guide's persistent connection),
 * and the dialog's BYE follows the record-route back through the proxy.
 */
class CallsOverTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/SAVP 0\r\n").getBytes(StandardCharsets.US_ASCII);
    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().user("200", "pw200").user("201", "pw201").challengeRequests());
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static SipUnit unit(String user, String password, UnitEvents events) throws Exception {
        return Units.tls(ca.credentials(null))
                .with("persistentBasePort", FreePorts.persistentBase())
                .with("registrationTransportParameter", true)
                .with("contactTransportParameter", true)
                .gateway("gw", kamailio.hostPort())
                .line("1", user, password, "gw")
                .start(events);
    }

    @Test
    void anInviteReachesTheRegisteredUnitOverItsTlsLinkAndTheDialogEndsWithBye() throws Exception {
        UnitEvents callerEvents = new UnitEvents();
        UnitEvents calleeEvents = new UnitEvents();
        try (SipUnit caller = unit("200", "pw200", callerEvents); SipUnit callee = unit("201", "pw201", calleeEvents)) {
            callerEvents.await(registration("1", "Registered"), WAIT);
            calleeEvents.await(registration("1", "Registered"), WAIT);
            BlockingQueue<IncomingRequest> received = new LinkedBlockingQueue<>();
            callee.addListener(new SipTransportListener() {
                @Override
                public void requestReceived(IncomingRequest request) {
                    received.add(request);
                    if (!request.method().equals("ACK")) {
                        request.respond(200, "OK", request.method().equals("INVITE") ? "application/sdp" : "",
                                request.method().equals("INVITE") ? SDP : new byte[0]);
                    }
                }
            });

            SipResponse answer = caller.sendRequest("1", OutgoingRequest.of("INVITE", "sip:201@" + kamailio.hostPort())
                    .withBody("application/sdp", SDP)).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(200, answer.statusCode(), answer.toString());
            assertEquals("application/sdp", answer.contentType());
            IncomingRequest invite = received.poll(5, TimeUnit.SECONDS);
            assertNotNull(invite);
            assertEquals("INVITE", invite.method());
            assertEquals(Transport.TLS, invite.transport());
            assertEquals("1", invite.line().orElseThrow());
            assertTrue(invite.header("Contact").orElseThrow().contains(";transport=tls"), invite.header("Contact").orElseThrow());
            assertTrue(invite.header("Proxy-Authorization").isEmpty(), "the proxy consumed the caller's credentials");
            assertEquals("sip:201@127.0.0.1:" + callee.localPort() + ";transport=tls", invite.requestUri(),
                    "the proxy sent the INVITE to the contact of the callee's persistent port");

            SipDialog dialog = answer.dialog().orElseThrow();
            dialog.sendAck("", new byte[0]);
            assertEquals("ACK", received.poll(5, TimeUnit.SECONDS).method());
            SipResponse byeAnswer = dialog.sendRequest(OutgoingRequest.of("BYE", "")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(200, byeAnswer.statusCode());
            IncomingRequest bye = received.poll(5, TimeUnit.SECONDS);
            assertEquals("BYE", bye.method());
            assertTrue(bye.dialog().isPresent());
            assertEquals(java.util.Set.of(caller.localPort(), callee.localPort()), kamailio.tlsConnectionSourcePorts(),
                    "the proxy holds one connection per unit, each from the unit's persistent port, and opened none itself");
        }
    }

    @Test
    void aMessageToAnUnknownUserGetsTheProxysFinalAnswer() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit caller = unit("200", "pw200", events)) {
            events.await(registration("1", "Registered"), WAIT);

            SipResponse answer = caller.sendRequest("1", OutgoingRequest.of("MESSAGE", "sip:999@" + kamailio.hostPort())
                    .withBody("text/plain", "hello".getBytes(StandardCharsets.US_ASCII))).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(404, answer.statusCode(), "after answering the 407 challenge, the proxy finds no such user");
        }
    }
}
