package org.secureta.srtp.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.secureta.srtp.CryptoUpdateMode;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.media.MediaKeys;
import org.secureta.srtp.sdp.Answerer;
import org.secureta.srtp.sdp.Direction;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SdpParseException;
import org.secureta.srtp.sdp.SessionDescription;
import org.secureta.transport.IncomingRequest;

/**
 * The peer's re-INVITEs in an established call: hold and resume, re-keying, or a switch to T.38
 * ({@link T38Switch}); 491 while one of ours is pending (RFC 3261 14.2). As answerer of a
 * re-keying we receive with the new keys at once, and send with them only once the ACK shows
 * the peer has them ({@link #acked}).
 */
final class PeerReinvites {

    private static final String SDP = "application/sdp";
    private static final System.Logger LOG = System.getLogger(PeerReinvites.class.getName());

    private final CallControl control;
    private final CallMedia media;
    private final T38Switch fax;
    private final OurReinvites ours;

    PeerReinvites(CallControl control, CallMedia media, T38Switch fax, OurReinvites ours) {
        this.control = control;
        this.media = media;
        this.fax = fax;
        this.ours = ours;
    }

    /** A re-INVITE from the peer: hold/resume, re-keying, or a switch to T.38. */
    void offered(Call call, IncomingRequest request) {
        CallSettings config = control.settings;
        synchronized (call) {
            SessionDescription offer;
            try {
                offer = SessionDescription.parse(request.body());
            } catch (SdpParseException e) {
                request.respond(400, "Bad Request");
                return;
            }
            if (call.sip.reinvitePending) {
                // RFC 3261 14.2: our own re-INVITE is pending (glare).
                request.respond(491, "Request Pending");
                return;
            }
            boolean t38 = offer.media().stream().anyMatch(m -> !m.isRejected() && m.isT38());
            try {
                if (t38) {
                    fax.accept(call, request, offer);
                    return;
                }
                call.rtp.origin = call.rtp.origin.nextVersion();
                SessionDescription answer = Answerer.answer(offer, media.policy(call, 0));
                int audio = CallMedia.audioIndex(answer);
                if (audio < 0 || answer.media().get(audio).isSecureRtp() != call.crypto.secure) {
                    // The security of a call does not change in a re-INVITE: that would be a downgrade.
                    int code = config.current().rejectCodeForUnsupportedOffer();
                    request.respond(code, CallControl.reasonOf(code));
                    return;
                }
                PeerMediaAddress.Target target;
                try {
                    target = PeerMediaAddress.of(offer, offer.media().get(audio), control.media.address(), true);
                } catch (PeerMediaAddress.Unusable e) {
                    request.respond(488, "Not Acceptable Here");
                    LOG.log(System.Logger.Level.INFO, "call {0}: re-INVITE refused with 488: {1}", call.id, e.getMessage());
                    return;
                }
                if (call.crypto.secure) {
                    SdpKeying offered = SdpKeyings.of(offer, config.attributeNames());
                    SdpKeying answerKeying;
                    boolean hasKeying = !offered.sessionAttributes().isEmpty()
                            || offered.mediaAttributes().stream().anyMatch(l -> !l.isEmpty());
                    if (!hasKeying) {
                        // MIKEY under Keep: no new exchange, the keys stay.
                        answerKeying = SdpKeying.empty(offer.media().size());
                    } else if (!call.crypto.method.needs().keepsKeysOnReinvite()) {
                        // The method re-keys by a fresh exchange (its messages cannot be repeated).
                        call.crypto.session = call.crypto.method.newSession(config.parameters(call, offer.media().size()));
                        answerKeying = call.crypto.session.answer(offered);
                    } else {
                        // A sending key near its lifetime may not be kept, whatever the mode.
                        CryptoUpdateMode mode = call.rtp.session.isRenewalDue() ? CryptoUpdateMode.Regenerate : config.current().sessionUpdateCryptoMode();
                        answerKeying = call.crypto.session.answer(offered, mode);
                    }
                    answer = SdpKeyings.withKeying(answer, SdpKeyings.restrictToSecureStreams(answerKeying, answer), config.attributeNames());
                    call.crypto.keys = MediaKeys.srtp(call.crypto.session.sendKeys(audio), call.crypto.session.receiveKeyRing(audio));
                    call.rtp.session.rekeyReceive(call.crypto.keys);
                    call.crypto.pendingSendKeys = call.crypto.keys;
                }
                Direction offered = target.isHold() ? Direction.INACTIVE : offer.direction(audio);
                request.respond(200, "OK", SDP, answer.writeUtf8());
                target.address().ifPresent(a -> call.rtp.peer = a);
                call.rtp.session.sending(CallMedia.sends(offered));
                control.change(call, offered == Direction.SENDRECV ? CallState.Connected : CallState.OnHold, "");
                control.awaitAck(call);
                if (call.crypto.renewWhenIdle) {
                    // Our new sending keys start with the ACK; whether they still need renewing is checked after.
                    control.scheduler.schedule(() -> ours.renewKeys(call), 500, TimeUnit.MILLISECONDS);
                }
            } catch (KeyManagementException e) {
                int code = config.current().rejectCodeForUnsupportedOffer();
                request.respond(code, CallControl.reasonOf(code));
                LOG.log(System.Logger.Level.WARNING, "call {0}: re-INVITE refused: {1}", call.id, e.getMessage());
            } catch (IOException | RuntimeException e) {
                request.respond(500, "Server Internal Error");
                LOG.log(System.Logger.Level.WARNING, "call {0}: re-INVITE failed: {1}", call.id, e.toString());
            }
        }
    }

    /** The ACK of our answer: the offerer has our new keys, so we send with them from now on. */
    void acked(Call call) {
        synchronized (call) {
            call.acked();
            if (call.crypto.pendingSendKeys != null && call.rtp.session != null) {
                call.rtp.session.rekeySend(call.crypto.pendingSendKeys);
                call.crypto.pendingSendKeys = null;
                ours.renewIfWaiting(call);
            }
        }
    }
}
