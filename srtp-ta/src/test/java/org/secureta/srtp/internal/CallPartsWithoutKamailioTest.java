package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.mikey.MikeyKeyManagement;
import org.secureta.srtp.sdes.SdesKeyManagement;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipDialog;
import org.secureta.transport.SipResponse;
import org.secureta.transport.Transport;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.internal.ConfigProxies;
import org.secureta.transport.testsupport.UnitEvents;

/**
 * The parts of the call agent one by one, each against a test playing the peer on the other end
 * of a {@link FakeSipNetwork} (no Kamailio): {@link Hangups} (CANCEL, decline, unknown methods),
 * {@link OutgoingCalls} (SecureWithFallback retry, a downgrading answer), {@link PeerReinvites}
 * (glare with {@link OurReinvites}, a re-INVITE that would change the call's security).
 */
class CallPartsWithoutKamailioTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SDP = "application/sdp";

    private final FakeSipNetwork net = new FakeSipNetwork(Transport.TLS);
    private final List<CallAgent> agents = new ArrayList<>();

    @AfterEach
    void close() {
        agents.forEach(CallAgent::close);
        net.close();
    }

    private CallAgent agent(FakeSipNetwork.End end, UnitEvents events, Object... settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("srtpBasePort", 0));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put((String) settings[i], settings[i + 1]);
        }
        KeyManagements methods = Party.keyManagements(new SdesKeyManagement(), new MikeyKeyManagement(Map.of()));
        CallAgent agent = new CallAgent(end, ConfigProxies.of(CallAgentConfiguration.class, properties), methods, events::post,
                CallAgent.MediaSettings.loopback(), LineOverrides.NONE, new CallRegistry.Numbers(), MediaEngines.NATIVE);
        agents.add(agent);
        return agent;
    }

    private static UnitEvent awaitCall(UnitEvents events, String state) throws InterruptedException {
        return events.await(e -> e.kind().equals(UnitEvent.CALL) && state.equals(e.get("state")), WAIT);
    }

    /** An SDP body whose audio is {@code protocol} on 127.0.0.1:{@code port}, version {@code version}, plus {@code extra} lines. */
    private static byte[] sdp(int version, String protocol, int port, String... extra) {
        StringBuilder text = new StringBuilder("v=0\r\no=- 1 " + version + " IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " " + protocol + " 0\r\na=sendrecv\r\n");
        for (String line : extra) {
            text.append(line).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static SipResponse get(CompletionStage<SipResponse> response) throws Exception {
        return response.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- Hangups

    @Test
    void aCancelOfACallRingingHereAnswersItsInviteWith487AndEndsTheCall() throws Exception {
        UnitEvents events = new UnitEvents();
        agent(net.b, events);
        CompletionStage<SipResponse> invite = net.a.sendRequest("1", OutgoingRequest.of("INVITE", "sip:b@fake.test")
                .withHeader("Call-ID", "cancel-me").withBody(SDP, sdp(1, "RTP/AVP", 40000)));
        awaitCall(events, "Ringing");

        assertEquals(200, get(net.a.cancel("cancel-me")).statusCode());

        assertEquals(487, get(invite).statusCode());
        assertEquals("cancelled by caller", awaitCall(events, "Ended").get("reason"));
    }

    @Test
    void hangingUpACallRingingHereDeclinesItWith486() throws Exception {
        UnitEvents events = new UnitEvents();
        CallAgent callee = agent(net.b, events);
        CompletionStage<SipResponse> invite = net.a.sendRequest("1", OutgoingRequest.of("INVITE", "sip:b@fake.test")
                .withBody(SDP, sdp(1, "RTP/AVP", 40000)));
        String id = awaitCall(events, "Ringing").get("call");

        callee.hangup(id);

        assertEquals(486, get(invite).statusCode());
        assertEquals("declined", awaitCall(events, "Ended").get("reason"));
    }

    @Test
    void aMethodTheAgentDoesNotHandleGets405() throws Exception {
        agent(net.b, new UnitEvents());
        SipResponse response = get(net.a.sendRequest("1", OutgoingRequest.of("INFO", "sip:b@fake.test")));
        assertEquals(405, response.statusCode());
    }

    // ---------------------------------------------------------------- OutgoingCalls

    @Test
    void secureWithFallbackCallsAgainWithPlainRtpUnderANewCallIdAfterA488() throws Exception {
        UnitEvents events = new UnitEvents();
        CallAgent caller = agent(net.a, events, "rtpMode", "SecureWithFallback", "keyManagement", SdesKeyManagement.NAME);
        String id = caller.call("1", "sip:b@fake.test");

        FakeSipNetwork.Received secure = net.b.await("INVITE", 5);
        assertTrue(text(secure.body()).contains("RTP/SAVP") && text(secure.body()).contains("a=crypto:"), text(secure.body()));
        secure.request().respond(488, "Not Acceptable Here");

        FakeSipNetwork.Received plain = net.b.await("INVITE", 5);
        assertNotEquals(secure.callId(), plain.callId(), "a new INVITE, with a new Call-ID");
        assertTrue(text(plain.body()).contains("RTP/AVP") && !text(plain.body()).contains("a=crypto:"), text(plain.body()));
        plain.request().respond(200, "OK", SDP, sdp(1, "RTP/AVP", 40000));

        UnitEvent connected = awaitCall(events, "Connected");
        assertEquals(id, connected.get("call"));
        assertEquals("no", connected.get("secure"));
        net.b.await("ACK", 5);
    }

    @Test
    void aSecureCallWhosePeerAnswersPlainRtpEndsWithAByeRatherThanGoUnprotected() throws Exception {
        UnitEvents events = new UnitEvents();
        CallAgent caller = agent(net.a, events, "rtpMode", "Secure", "keyManagement", SdesKeyManagement.NAME);
        caller.call("1", "sip:b@fake.test");
        net.b.await("INVITE", 5).request().respond(200, "OK", SDP, sdp(1, "RTP/AVP", 40000));

        net.b.await("ACK", 5);
        net.b.await("BYE", 5);
        UnitEvent failed = awaitCall(events, "Failed");
        assertTrue(failed.get("reason").startsWith("unusable answer: the peer answered RTP/AVP to a secure offer and rtpMode is Secure"),
                failed.get("reason"));
    }

    // ---------------------------------------------------------------- re-INVITEs

    @Test
    void aPeerReinviteWhileOursIsPendingGets491AndOursStillCompletes() throws Exception {
        UnitEvents events = new UnitEvents();
        CallAgent caller = agent(net.a, events);
        String id = caller.call("1", "sip:b@fake.test");
        FakeSipNetwork.Received invite = net.b.await("INVITE", 5);
        invite.request().respond(200, "OK", SDP, sdp(1, "RTP/AVP", 40000));
        awaitCall(events, "Connected");
        net.b.await("ACK", 5);
        SipDialog peer = invite.request().dialog().orElseThrow();

        CompletionStage<SipResponse> hold = caller.hold(id, true);
        FakeSipNetwork.Received ours = net.b.await("INVITE", 5);
        assertTrue(text(ours.body()).contains("a=sendonly"), text(ours.body()));

        // RFC 3261 14.2: glare.
        SipResponse glare = get(peer.sendRequest(OutgoingRequest.of("INVITE", "").withBody(SDP, sdp(2, "RTP/AVP", 40000))));
        assertEquals(491, glare.statusCode());

        ours.request().respond(200, "OK", SDP, sdp(2, "RTP/AVP", 40000));
        assertEquals(200, get(hold).statusCode());
        awaitCall(events, "OnHold");
        net.b.await("ACK", 5);
    }

    @Test
    void aPeerReinviteThatWouldMakeAPlainCallSecureIsRefusedAndTheCallGoesOn() throws Exception {
        UnitEvents events = new UnitEvents();
        CallAgent callee = agent(net.b, events, "autoAnswer", true);
        SipResponse ok = get(net.a.sendRequest("1", OutgoingRequest.of("INVITE", "sip:b@fake.test").withBody(SDP, sdp(1, "RTP/AVP", 40000))));
        SipDialog dialog = ok.dialog().orElseThrow();
        dialog.sendAck("", new byte[0]);
        String id = awaitCall(events, "Connected").get("call");

        SipResponse refused = get(dialog.sendRequest(OutgoingRequest.of("INVITE", "").withBody(SDP, sdp(2, "RTP/SAVP", 40000,
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"))));

        // The call's security never changes in a re-INVITE (the configured reject code, 415 by default).
        assertEquals(415, refused.statusCode());
        CallStatus status = callee.status(id).orElseThrow();
        assertEquals(CallState.Connected, status.state());
        assertEquals(false, status.secure());
    }

    /** The SDES answer to {@code offer}: its first {@code a=crypto} tag and suite, with our key (RFC 4568 5.1.2). */
    private static byte[] sdesAnswer(int version, byte[] offer) {
        String crypto = text(offer).lines().filter(l -> l.startsWith("a=crypto:")).findFirst().orElseThrow();
        String[] parts = crypto.split(" ");
        return sdp(version, "RTP/SAVP", 40000, parts[0] + " " + parts[1] + " inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
    }

    @Test
    void aKeyRenewalThatMeetsA491IsRetriedAfterTheCallIdOwnersBackOff() throws Exception {
        UnitEvents events = new UnitEvents();
        // The caller's keys last 2^6 packets (1.28 s of 20 ms frames): it renews them after half of that.
        KeyManagements methods = Party.keyManagements(new SdesKeyManagement(Map.of(SdesKeyManagement.KEY_LIFETIME_PROPERTY, "2^6")));
        CallAgent caller = new CallAgent(net.a, ConfigProxies.of(CallAgentConfiguration.class, Map.of("srtpBasePort", 0,
                "rtpMode", "Secure", "keyManagement", SdesKeyManagement.NAME)), methods, events::post,
                CallAgent.MediaSettings.loopback(), LineOverrides.NONE, new CallRegistry.Numbers(), MediaEngines.NATIVE);
        agents.add(caller);
        caller.call("1", "sip:b@fake.test");
        FakeSipNetwork.Received invite = net.b.await("INVITE", 5);
        invite.request().respond(200, "OK", SDP, sdesAnswer(1, invite.body()));
        assertEquals("yes", awaitCall(events, "Connected").get("secure"));
        net.b.await("ACK", 5);

        FakeSipNetwork.Received renewal = net.b.await("INVITE", 10);
        assertTrue(text(renewal.body()).contains("a=crypto:"), "a renewal offers new keys: " + text(renewal.body()));
        long glare = System.nanoTime();
        renewal.request().respond(491, "Request Pending");

        FakeSipNetwork.Received retry = net.b.await("INVITE", 10);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - glare);
        // RFC 3261 14.1: the owner of the Call-ID (the caller) waits 2.1 to 4 s.
        assertTrue(waited >= 2100, "retried after " + waited + " ms");
        assertTrue(text(retry.body()).contains("a=crypto:"), text(retry.body()));
        retry.request().respond(200, "OK", SDP, sdesAnswer(3, retry.body()));
        net.b.await("ACK", 5);
        assertTrue(events.matching(e -> e.kind().equals(UnitEvent.CALL) && e.get("reason") != null
                && e.get("reason").startsWith("re-INVITE failed")).isEmpty(), "a 491 to a renewal is not a failure");
    }
}
