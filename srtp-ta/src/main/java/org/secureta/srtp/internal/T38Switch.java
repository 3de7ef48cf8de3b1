package org.secureta.srtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.media.UdptlSession;
import org.secureta.srtp.sdp.Answerer;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SdpParseException;
import org.secureta.srtp.sdp.SessionDescription;
import org.secureta.transport.IncomingRequest;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipResponse;

/**
 * Switching a call to T.38 fax by re-INVITE ({@code m=image udptl t38}, ITU-T T.38 Annex D), both
 * ways. T.38 is never encrypted (guide section 2): in a secure call it is accepted only with
 * Mipt.AllowUnsecureT38WithSrtp, and its answer carries no keying. Called with the call's monitor held.
 */
final class T38Switch {

    private static final String SDP = "application/sdp";
    private static final System.Logger LOG = System.getLogger(T38Switch.class.getName());
    /** UDPTL packets sent once the switch is done, so that each side sees the other's fax path work. */
    private static final int INDICATORS = 5;

    private final InetAddress address;
    private final CallSettings settings;
    private final Offers offers;
    private final CallControl control;
    private final CallMedia media;

    T38Switch(CallControl control, CallMedia media, Offers offers) {
        this.address = control.media.address();
        this.settings = control.settings;
        this.offers = offers;
        this.control = control;
        this.media = media;
    }

    /** Our re-INVITE to T.38. */
    CompletionStage<SipResponse> offer(Call call) throws IOException {
        if (call.rtp.t38 == null) {
            call.rtp.t38 = UdptlSession.open(call.id, address);
        }
        SessionDescription offer = offers.t38(call);
        call.sip.reinvitePending = true;
        return call.sip.dialog.sendRequest(OutgoingRequest.of("INVITE", "").withBody(SDP, offer.writeUtf8()))
                .whenComplete((response, failure) -> answered(call, response, failure));
    }

    /** The peer's re-INVITE to T.38. */
    void accept(Call call, IncomingRequest request, SessionDescription offer) throws IOException {
        if (call.crypto.secure && !settings.current().allowUnsecureT38()) {
            int code = settings.current().rejectCodeForUnsupportedOffer();
            request.respond(code, CallControl.reasonOf(code));
            call.reason = "T.38 refused in a secure call";
            control.post(call);
            return;
        }
        if (call.rtp.t38 == null) {
            call.rtp.t38 = UdptlSession.open(call.id, address);
        }
        call.rtp.origin = call.rtp.origin.nextVersion();
        SessionDescription answer = Answerer.answer(offer, media.policy(call, call.rtp.t38.localPort()));
        int index = -1;
        for (int i = 0; i < answer.media().size(); i++) {
            if (!answer.media().get(i).isRejected() && answer.media().get(i).isT38()) {
                index = i;
            }
        }
        if (index < 0) {
            request.respond(488, "Not Acceptable Here");
            return;
        }
        InetSocketAddress faxPeer;
        try {
            faxPeer = PeerMediaAddress.of(offer, offer.media().get(index), address, false).address().orElseThrow();
        } catch (PeerMediaAddress.Unusable e) {
            request.respond(488, "Not Acceptable Here");
            LOG.log(System.Logger.Level.INFO, "call {0}: T.38 re-INVITE refused with 488: {1}", call.id, e.getMessage());
            return;
        }
        answer = SdpKeyings.withKeying(answer, SdpKeying.empty(answer.media().size()), settings.attributeNames());
        request.respond(200, "OK", SDP, answer.writeUtf8());
        control.awaitAck(call);
        call.rtp.session.sending(false);
        call.rtp.t38.peer(faxPeer);
        call.rtp.t38.sendIndicators(INDICATORS);
        call.reason = "";
        control.post(call);
    }

    private void answered(Call call, SipResponse response, Throwable failure) {
        synchronized (call) {
            call.sip.reinvitePending = false;
            if (failure != null || !response.isSuccess()) {
                call.reason = "T.38 refused: " + (failure != null ? CallControl.rootMessage(failure)
                        : response.statusCode() + " " + response.reasonPhrase());
                control.post(call);
                return;
            }
            call.sip.dialog.sendAck("", new byte[0]);
            try {
                SessionDescription answer = SessionDescription.parse(response.body());
                MediaDescription image = answer.media().stream().filter(m -> !m.isRejected() && m.isT38()).findFirst()
                        .orElseThrow(() -> new IOException("the answer has no T.38 stream"));
                call.rtp.session.sending(false);
                call.rtp.t38.peer(PeerMediaAddress.of(answer, image, address, false).address().orElseThrow());
                call.rtp.t38.sendIndicators(INDICATORS);
                call.reason = "";
            } catch (SdpParseException | IOException | PeerMediaAddress.Unusable | RuntimeException e) {
                call.reason = "T.38 answer unusable: " + e.getMessage();
            }
            control.post(call);
        }
    }
}
