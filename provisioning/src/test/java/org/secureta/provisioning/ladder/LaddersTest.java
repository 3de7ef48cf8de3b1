package org.secureta.provisioning.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.provisioning.ladder.SipExchanges.PROXY;
import static org.secureta.provisioning.ladder.SipExchanges.T0;
import static org.secureta.provisioning.ladder.SipExchanges.TLS13;
import static org.secureta.provisioning.ladder.SipExchanges.UNIT_A;
import static org.secureta.provisioning.ladder.SipExchanges.UNIT_B;
import static org.secureta.provisioning.ladder.SipExchanges.message;
import static org.secureta.provisioning.ladder.SipExchanges.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

class LaddersTest {

    private static List<String> labels(Ladder ladder) {
        return ladder.arrows().stream().map(Arrow::label).toList();
    }

    @Test
    void aCallIsOneLadderWithItsArrowsInTimeOrderWhateverOrderTheyArriveIn() {
        List<TracedMessage> messages = new ArrayList<>(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)));
        Collections.reverse(messages);
        List<Ladder> ladders = Ladders.build(messages);
        assertEquals(1, ladders.size());
        assertEquals(List.of("INVITE", "100 Trying", "180 Ringing", "200 OK", "ACK", "BYE", "200 OK"), labels(ladders.get(0)));
        assertEquals("Call-ID call-1@ta (call, 7 messages)", ladders.get(0).title());
    }

    @Test
    void theUnitIsTheFirstColumnWhenItSpeaksFirstAndIsLabelledAsTheUnit() {
        Ladder ladder = Ladders.build(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0))).get(0);
        assertEquals(List.of(new Endpoint(UNIT_A, true), new Endpoint(UNIT_B, false)), ladder.endpoints());
        assertEquals("unit (127.0.0.1:16000)", ladder.endpoints().get(0).label());
        assertEquals("127.0.0.2:5061", ladder.endpoints().get(1).label());
        Arrow invite = ladder.arrows().get(0);
        Arrow ringing = ladder.arrows().get(2);
        assertEquals(0, invite.from());
        assertEquals(1, invite.to());
        assertEquals(1, ringing.from(), "a response goes back");
        assertEquals(0, ringing.to());
    }

    @Test
    void aCallFromThePeerPutsThePeerFirst() {
        // Unit B's view of the same call: A speaks first, so A is the first column, and it is not B's unit.
        Ladder ladder = Ladders.build(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", false, 0))).get(0);
        assertEquals(List.of(new Endpoint(UNIT_A, false), new Endpoint(UNIT_B, true)), ladder.endpoints());
    }

    @Test
    void eachArrowCarriesItsTransportTheSecurityVerdictAndTheOfferOrAnswer() {
        Ladder ladder = Ladders.build(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0))).get(0);
        Arrow invite = ladder.arrows().get(0);
        assertEquals(Transport.TLS, invite.transport());
        assertEquals(HopSecurity.SECURE, invite.verdict());
        assertEquals("TLS TLSv1.3 TLS_AES_256_GCM_SHA384 HostName ok", invite.hop());
        assertEquals("offer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80,AES_CM_128_HMAC_SHA1_32", invite.sdp());
        assertEquals("answer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80", ladder.arrows().get(3).sdp());
        assertEquals("", ladder.arrows().get(1).sdp());
    }

    @Test
    void anInviteWithoutSdpGetsItsOfferInThe200AndItsAnswerInTheAck() {
        List<TracedMessage> m = SipExchanges.traced(List.of(
                record(T0, Direction.SENT, UNIT_A, PROXY, Transport.TLS, TLS13, message("INVITE sip:200@h SIP/2.0", "late@ta", "1 INVITE", "")),
                record(T0.plusMillis(50), Direction.RECEIVED, UNIT_A, PROXY, Transport.TLS, TLS13,
                        message("SIP/2.0 200 OK", "late@ta", "1 INVITE", SipExchanges.mikeyOffer())),
                record(T0.plusMillis(60), Direction.SENT, UNIT_A, PROXY, Transport.TLS, TLS13,
                        message("ACK sip:200@h SIP/2.0", "late@ta", "1 ACK", SipExchanges.mikeyOffer()))));
        Ladder ladder = Ladders.build(m).get(0);
        assertEquals(List.of("", "offer RTP/SAVP MIKEY", "answer RTP/SAVP MIKEY"), ladder.arrows().stream().map(Arrow::sdp).toList());
    }

    @Test
    void anInviteAProxyForwardsIsStillAnOfferOnItsSecondHop() {
        String unitB = "127.0.0.1:16001";
        List<TracedMessage> m = SipExchanges.traced(List.of(
                record(T0, Direction.SENT, UNIT_A, PROXY, Transport.TLS, TLS13,
                        message("INVITE sip:200@h SIP/2.0", "fwd@ta", "2 INVITE", SipExchanges.mikeyOffer())),
                record(T0.plusMillis(10), Direction.RECEIVED, unitB, PROXY, Transport.TLS, TLS13,
                        message("INVITE sip:200@h SIP/2.0", "fwd@ta", "2 INVITE", SipExchanges.mikeyOffer())),
                record(T0.plusMillis(20), Direction.SENT, unitB, PROXY, Transport.TLS, TLS13,
                        message("SIP/2.0 200 OK", "fwd@ta", "2 INVITE", SipExchanges.mikeyOffer()))));
        Ladder ladder = Ladders.build(m).get(0);
        assertEquals(List.of("offer RTP/SAVP MIKEY", "offer RTP/SAVP MIKEY", "answer RTP/SAVP MIKEY"),
                ladder.arrows().stream().map(Arrow::sdp).toList());
    }

    @Test
    void theWrongKeyManagementIsRefusedWith415AndTheLadderSaysSo() {
        // The guide's section 3.4: an SDES unit offered MIKEY.
        List<TracedMessage> m = SipExchanges.traced(List.of(
                record(T0, Direction.RECEIVED, UNIT_B, UNIT_A, Transport.TLS, TLS13,
                        message("INVITE sip:200@127.0.0.2 SIP/2.0", "km@ta", "1 INVITE", SipExchanges.mikeyOffer())),
                record(T0.plusMillis(3), Direction.SENT, UNIT_B, UNIT_A, Transport.TLS, TLS13,
                        message("SIP/2.0 415 Unsupported Media Type", "km@ta", "1 INVITE", "")),
                record(T0.plusMillis(5), Direction.RECEIVED, UNIT_B, UNIT_A, Transport.TLS, TLS13,
                        message("ACK sip:200@127.0.0.2 SIP/2.0", "km@ta", "1 ACK", ""))));
        Ladder ladder = Ladders.build(m).get(0);
        assertEquals(List.of("INVITE", "415 Unsupported Media Type", "ACK"), labels(ladder));
        assertEquals("offer RTP/SAVP MIKEY", ladder.arrows().get(0).sdp());
    }

    @Test
    void eachCallIdIsItsOwnLadderInOrderOfItsFirstMessage() {
        List<TracedMessage> m = new ArrayList<>();
        m.addAll(SipExchanges.traced(List.of(
                record(T0.minusSeconds(10), Direction.SENT, UNIT_A, PROXY, Transport.TLS, TLS13,
                        message("REGISTER sip:lab SIP/2.0", "reg@ta", "1 REGISTER", "")),
                record(T0.minusSeconds(10).plusMillis(20), Direction.RECEIVED, UNIT_A, PROXY, Transport.TLS, TLS13,
                        message("SIP/2.0 200 OK", "reg@ta", "1 REGISTER", "")))));
        m.addAll(SipExchanges.traced(SipExchanges.sdesCall("call-2@ta", true, 5000)));
        m.addAll(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)));
        List<Ladder> ladders = Ladders.build(m);
        assertEquals(List.of("reg@ta", "call-1@ta", "call-2@ta"), ladders.stream().map(Ladder::callId).toList());
        assertEquals("Call-ID reg@ta (REGISTER, 2 messages)", ladders.get(0).title());
        assertEquals("call-2@ta", Ladders.last(ladders).orElseThrow().callId());
        assertEquals(List.of("call-1@ta", "call-2@ta"), Ladders.recentCalls(ladders, 5).stream().map(Ladder::callId).toList());
        assertEquals(List.of("call-2@ta"), Ladders.recentCalls(ladders, 1).stream().map(Ladder::callId).toList());
        assertEquals(List.of("reg@ta"), Ladders.select(ladders, "reg@ta").stream().map(Ladder::callId).toList());
        assertEquals(3, Ladders.select(ladders, "all").size());
        assertEquals(List.of(), Ladders.select(ladders, "nobody@ta"));
    }

    @Test
    void withoutAnyCallTheLastLadderIsTheLatestExchange() {
        // The guide's section 3.2: REGISTER over UDP to a TLS-only proxy is never answered.
        List<TracedMessage> m = SipExchanges.traced(List.of(
                record(T0, Direction.SENT, "127.0.0.1:5060", PROXY, Transport.UDP, "none",
                        message("REGISTER sip:lab SIP/2.0", "reg@ta", "1 REGISTER", "")),
                record(T0.plusMillis(500), Direction.SENT, "127.0.0.1:5060", PROXY, Transport.UDP, "none",
                        message("REGISTER sip:lab SIP/2.0", "reg@ta", "1 REGISTER", ""))));
        Ladder ladder = Ladders.last(Ladders.build(m)).orElseThrow();
        assertEquals(List.of("REGISTER", "REGISTER"), labels(ladder), "a retransmission is an arrow of its own");
        assertEquals(HopSecurity.INSECURE, ladder.arrows().get(0).verdict());
        assertEquals("UDP (not secure)", ladder.arrows().get(0).hop());
    }

    @Test
    void theCalledUnitAloneCannotTellThatItsCallerWasVerified() {
        Ladder ladder = Ladders.build(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", false, 0))).get(0);
        assertEquals(HopSecurity.UNVERIFIED, ladder.arrows().get(0).verdict());
        assertEquals("TLS TLSv1.3 TLS_AES_256_GCM_SHA384 client not verified (TLS, peer not verified)", ladder.arrows().get(0).hop());
    }

    @Test
    void aHopNeitherEndVerifiedStaysUnverifiedWhenMerged() {
        String noValidation = "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 NoValidation";
        TracedMessage sent = TracedMessage.of(record(T0, Direction.SENT, UNIT_A, UNIT_B, Transport.TLS, noValidation,
                message("OPTIONS sip:b SIP/2.0", "nv@ta", "1 OPTIONS", "")));
        TracedMessage got = TracedMessage.of(record(T0, Direction.RECEIVED, UNIT_B, UNIT_A, Transport.TLS, SipExchanges.TLS13_SERVER,
                message("OPTIONS sip:b SIP/2.0", "nv@ta", "1 OPTIONS", "")));
        Arrow a = Ladders.build(List.of(sent, got)).get(0).arrows().get(0);
        assertEquals(2, a.seenBy());
        assertEquals(HopSecurity.UNVERIFIED, a.verdict());
        assertEquals("TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 NoValidation / TLSv1.3 TLS_AES_256_GCM_SHA384 client not verified",
                a.security());
    }

    @Test
    void sdesKeysSentWithoutTlsAreCalledOut() {
        TracedMessage invite = TracedMessage.of(record(T0, Direction.SENT, "127.0.0.1:5060", PROXY, Transport.UDP, "none",
                message("INVITE sip:200@lab SIP/2.0", "clear@ta", "1 INVITE", SipExchanges.sdesOffer())));
        assertEquals("offer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80,AES_CM_128_HMAC_SHA1_32 (SDES keys readable on this hop)",
                Ladders.build(List.of(invite)).get(0).arrows().get(0).sdp());
        TracedMessage mikey = TracedMessage.of(record(T0, Direction.SENT, "127.0.0.1:5060", PROXY, Transport.UDP, "none",
                message("INVITE sip:200@lab SIP/2.0", "psk@ta", "1 INVITE", SipExchanges.mikeyOffer())));
        assertEquals("offer RTP/SAVP MIKEY", Ladders.build(List.of(mikey)).get(0).arrows().get(0).sdp(), "MIKEY encrypts its keys itself");
    }

    @Test
    void tlsWithoutCertificateValidationIsNotCalledSecure() {
        assertEquals(HopSecurity.SECURE, HopSecurity.of(Transport.TLS, "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 TrustedCertificate ok"));
        assertEquals(HopSecurity.SECURE, HopSecurity.of(Transport.TLS, "TLSv1.3 TLS_AES_128_GCM_SHA256 HostName ok, resumed"));
        assertEquals(HopSecurity.UNVERIFIED, HopSecurity.of(Transport.TLS, "TLSv1.3 TLS_AES_128_GCM_SHA256 HostName okay"));
        assertEquals(HopSecurity.UNVERIFIED, HopSecurity.of(Transport.TLS, "TLSv1.3 TLS_AES_128_GCM_SHA256 NoValidation"));
        assertEquals(HopSecurity.UNVERIFIED, HopSecurity.of(Transport.TLS, "TLSv1.3 TLS_AES_128_GCM_SHA256 NoValidation ok"));
        assertEquals(HopSecurity.UNVERIFIED, HopSecurity.of(Transport.TLS, ""));
        assertEquals(HopSecurity.UNVERIFIED, HopSecurity.of(Transport.TLS, "TLSv1.3 TLS_AES_128_GCM_SHA256 broken"));
        assertEquals(HopSecurity.INSECURE, HopSecurity.of(Transport.TCP, "none"));
    }

    @Test
    void twoUnitsTracesMergeIntoOneArrowPerMessage() {
        List<TracedMessage> both = new ArrayList<>();
        both.addAll(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)));
        both.addAll(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", false, 0)));
        Ladder ladder = Ladders.build(both).get(0);
        assertEquals(List.of("INVITE", "100 Trying", "180 Ringing", "200 OK", "ACK", "BYE", "200 OK"), labels(ladder));
        assertTrue(ladder.arrows().stream().allMatch(a -> a.seenBy() == 2), "each arrow was seen by both units");
        assertEquals(List.of(new Endpoint(UNIT_A, true), new Endpoint(UNIT_B, true)), ladder.endpoints(), "both are units");
        Arrow invite = ladder.arrows().get(0);
        assertEquals(T0, invite.time(), "an arrow is drawn at its sending time");
        assertEquals("TLSv1.3 TLS_AES_256_GCM_SHA384 HostName ok / client not verified", invite.security(), "both ends' verdicts");
        assertEquals(HopSecurity.SECURE, invite.verdict(), "the caller verified the called unit's certificate");
        Arrow trying = ladder.arrows().get(1);
        assertEquals("TLSv1.3 TLS_AES_256_GCM_SHA384 client not verified / HostName ok", trying.security(), "the sender's first");
        assertEquals(HopSecurity.SECURE, trying.verdict());
        assertEquals("answer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80", ladder.arrows().get(3).sdp());
    }

    @Test
    void mergingPairsCopiesEvenWhenTheReceiverClockIsBehind() {
        List<TracedMessage> both = new ArrayList<>(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)));
        // Unit B's clock is 40 ms behind: it "receives" each message before A sent it.
        SipExchanges.sdesCall("call-1@ta", false, -40).forEach(r -> both.add(TracedMessage.of(r)));
        Ladder ladder = Ladders.build(both).get(0);
        assertEquals(7, ladder.arrows().size());
        assertTrue(ladder.arrows().stream().allMatch(a -> a.seenBy() == 2));
    }

    @Test
    void aRetransmissionSeenByBothEndsIsTwoArrowsNotFour() {
        TracedMessage sent1 = TracedMessage.of(record(T0, Direction.SENT, UNIT_A, UNIT_B, Transport.UDP, "none",
                message("INVITE sip:200@b SIP/2.0", "rt@ta", "1 INVITE", "")));
        TracedMessage sent2 = TracedMessage.of(record(T0.plusMillis(500), Direction.SENT, UNIT_A, UNIT_B, Transport.UDP, "none",
                message("INVITE sip:200@b SIP/2.0", "rt@ta", "1 INVITE", "")));
        TracedMessage got1 = TracedMessage.of(record(T0.plusMillis(1), Direction.RECEIVED, UNIT_B, UNIT_A, Transport.UDP, "none",
                message("INVITE sip:200@b SIP/2.0", "rt@ta", "1 INVITE", "")));
        TracedMessage got2 = TracedMessage.of(record(T0.plusMillis(501), Direction.RECEIVED, UNIT_B, UNIT_A, Transport.UDP, "none",
                message("INVITE sip:200@b SIP/2.0", "rt@ta", "1 INVITE", "")));
        Ladder ladder = Ladders.build(List.of(got2, sent1, got1, sent2)).get(0);
        assertEquals(2, ladder.arrows().size());
        assertEquals(List.of(T0, T0.plusMillis(500)), ladder.arrows().stream().map(Arrow::time).toList());
    }

    @Test
    void theSameTraceGivenTwiceDoesNotDoubleTheArrows() {
        List<TracedMessage> once = SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0));
        List<TracedMessage> twice = new ArrayList<>(once);
        twice.addAll(once);
        assertEquals(7, Ladders.build(twice).get(0).arrows().size());
    }

    @Test
    void aMessageBetweenTwoOtherEndpointsIsMergedOnlyWhenTheEndpointsAreSwapped() {
        // Same Call-ID, CSeq and first line but a different pair of addresses: a proxy's leg, not the same hop.
        TracedMessage aToProxy = TracedMessage.of(record(T0, Direction.SENT, UNIT_A, PROXY, Transport.TLS, TLS13,
                message("INVITE sip:200@b SIP/2.0", "px@ta", "1 INVITE", "")));
        TracedMessage proxyToB = TracedMessage.of(record(T0.plusMillis(2), Direction.RECEIVED, UNIT_B, PROXY, Transport.TLS, TLS13,
                message("INVITE sip:200@b SIP/2.0", "px@ta", "1 INVITE", "")));
        Ladder ladder = Ladders.build(List.of(aToProxy, proxyToB)).get(0);
        assertEquals(2, ladder.arrows().size());
        assertEquals(List.of(UNIT_A, PROXY, UNIT_B), ladder.endpoints().stream().map(Endpoint::address).toList());
        assertEquals(1, ladder.arrows().get(1).from());
        assertEquals(2, ladder.arrows().get(1).to());
    }

    @Test
    void columnsCarryThePartiesNamesAndOneNameIsOneColumn() {
        List<TracedMessage> a = SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0));
        List<TracedMessage> b = SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", false, 0));
        List<TracedMessage> both = new ArrayList<>(a);
        both.addAll(b);
        // ta-b also answered from a second address of its own (another port): still its column.
        both.add(TracedMessage.of(record(T0.plusMillis(900), Direction.SENT, "127.0.0.2:5062", UNIT_A, Transport.TLS, TLS13,
                message("OPTIONS sip:100@127.0.0.1 SIP/2.0", "call-1@ta", "9 OPTIONS", ""))));
        Ladder ladder = Ladders.build(both, java.util.Map.of(UNIT_A, "ta-a", UNIT_B, "ta-b", "127.0.0.2:5062", "ta-b")).get(0);
        assertEquals(List.of("ta-a", "ta-b"), ladder.endpoints().stream().map(Endpoint::label).toList());
        Arrow options = ladder.arrows().get(ladder.arrows().size() - 1);
        assertEquals(1, options.from(), "ta-b's second address is ta-b's column");
        assertEquals(0, options.to());
    }

    @Test
    void anAckIsDrawnAfterTheFinalResponseItAcknowledgesEvenWhenStampedInTheSameMillisecondOrEarlier() {
        // The unit's stack sends the ACK of a 407 before the trace records the 407 (RFC 3261 17.1.1.3).
        List<TracedMessage> messages = new ArrayList<>();
        messages.add(TracedMessage.of(record(T0, Direction.SENT, UNIT_A, PROXY, Transport.TLS, TLS13,
                message("INVITE sip:200@127.0.0.1:5061 SIP/2.0", "c-407@ta", "1 INVITE", ""))));
        messages.add(TracedMessage.of(record(T0.plusMillis(3), Direction.SENT, UNIT_A, PROXY, Transport.TLS, TLS13,
                message("ACK sip:200@127.0.0.1:5061 SIP/2.0", "c-407@ta", "1 ACK", ""))));
        messages.add(TracedMessage.of(record(T0.plusMillis(4), Direction.RECEIVED, UNIT_A, PROXY, Transport.TLS, TLS13,
                message("SIP/2.0 407 Proxy Authentication Required", "c-407@ta", "1 INVITE", ""))));
        messages.add(TracedMessage.of(record(T0.plusMillis(4), Direction.SENT, UNIT_A, PROXY, Transport.TLS, TLS13,
                message("INVITE sip:200@127.0.0.1:5061 SIP/2.0", "c-407@ta", "2 INVITE", ""))));
        messages.add(TracedMessage.of(record(T0.plusMillis(4), Direction.RECEIVED, UNIT_A, PROXY, Transport.TLS, TLS13,
                message("SIP/2.0 100 Trying", "c-407@ta", "2 INVITE", ""))));
        Collections.reverse(messages);
        assertEquals(List.of("INVITE", "407 Proxy Authentication Required", "ACK", "INVITE", "100 Trying"),
                labels(Ladders.build(messages).get(0)));
    }

    @Test
    void aResponseStampedBeforeItsRequestByAnotherUnitsClockIsDrawnAfterIt() {
        List<TracedMessage> messages = new ArrayList<>();
        messages.add(TracedMessage.of(record(T0.plusMillis(5), Direction.SENT, UNIT_A, UNIT_B, Transport.TLS, TLS13,
                message("BYE sip:200@127.0.0.2:5061 SIP/2.0", "c-skew@ta", "2 BYE", ""))));
        messages.add(TracedMessage.of(record(T0.plusMillis(2), Direction.SENT, UNIT_B, UNIT_A, Transport.TLS, TLS13,
                message("SIP/2.0 200 OK", "c-skew@ta", "2 BYE", ""))));
        assertEquals(List.of("BYE", "200 OK"), labels(Ladders.build(messages).get(0)));
    }
}
