package org.secureta.srtp.internal;

import java.util.concurrent.CompletionStage;

import org.secureta.srtp.CryptoUpdateMode;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.media.MediaKeys;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SdpParseException;
import org.secureta.srtp.sdp.SessionDescription;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipResponse;

/**
 * The re-INVITEs we send in an established call: hold and resume (RFC 3264 8.4), and key
 * renewal before the sending key's lifetime (RFC 4568 6.1), retried after a 491 with the
 * back-off of {@link KeyRenewal}; and their answers, whose keys we install before the ACK.
 */
final class OurReinvites {

    private static final String SDP = "application/sdp";
    private static final System.Logger LOG = System.getLogger(OurReinvites.class.getName());

    private final CallControl control;
    private final Offers offers;
    private final KeyRenewal renewal;

    OurReinvites(CallControl control, Offers offers) {
        this.control = control;
        this.offers = offers;
        this.renewal = new KeyRenewal(control.scheduler, this::renewKeys);
    }

    /** Puts the call on hold (sendonly, RFC 3264 8.4) or resumes it (sendrecv). */
    CompletionStage<SipResponse> hold(Call call, boolean hold) throws KeyManagementException {
        synchronized (call) {
            CallControl.requireDialog(call);
            return send(call, hold, control.settings.current().sessionUpdateCryptoMode(), false);
        }
    }

    /**
     * Renews the keys of a call whose sending key nears its lifetime (RFC 4568 6.1: the sender
     * re-keys before the lifetime is reached): a re-INVITE with fresh keys whatever
     * Mipt.SessionUpdateCryptoMode says, since keeping them is no longer allowed. Runs on the
     * media scheduler; a call that is not connected (held, in a re-INVITE) renews afterwards.
     */
    void renewKeys(Call call) {
        synchronized (call) {
            if (!call.crypto.secure || call.sip.dialog == null || call.state.isFinal() || call.rtp.session == null || !call.rtp.session.isRenewalDue()) {
                return;
            }
            if (call.sip.reinvitePending || call.crypto.pendingSendKeys != null || call.state != CallState.Connected) {
                // Also while our answer to the peer's re-INVITE awaits its ACK: that ACK switches our sending
                // keys, and must not switch them back after a renewal of ours.
                call.crypto.renewWhenIdle = true;
                return;
            }
            call.crypto.renewWhenIdle = false;
            try {
                LOG.log(System.Logger.Level.INFO, "call {0}: the sending master key nears its lifetime: re-INVITE with new keys", call.id);
                send(call, false, CryptoUpdateMode.Regenerate, true);
            } catch (KeyManagementException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "call {0}: cannot renew the keys: {1}; media stops at the key's lifetime",
                        call.id, e.getMessage());
            }
        }
    }

    /** A renewal put off (the call was busy) runs now that the call is idle again. */
    void renewIfWaiting(Call call) {
        if (call.crypto.renewWhenIdle) {
            control.scheduler.execute(() -> renewKeys(call));
        }
    }

    private CompletionStage<SipResponse> send(Call call, boolean hold, CryptoUpdateMode mode, boolean renewal)
            throws KeyManagementException {
        Offers.Reoffer reoffer = offers.reinvite(call, hold, mode, control.settings);
        SessionDescription offer = reoffer.offer();
        KeyingSession reKeying = reoffer.keying();
        // No music on hold in this emulation: the side that holds stops sending too.
        call.rtp.session.sending(!hold);
        call.sip.reinvitePending = true;
        return call.sip.dialog.sendRequest(OutgoingRequest.of("INVITE", "").withBody(SDP, offer.writeUtf8()))
                .whenComplete((response, failure) -> answered(call, reKeying, hold, renewal, response, failure));
    }

    private void answered(Call call, KeyingSession keying, boolean hold, boolean renewal, SipResponse response,
                          Throwable failure) {
        synchronized (call) {
            call.sip.reinvitePending = false;
            if (failure == null && response.statusCode() == 491 && renewal && !call.state.isFinal()) {
                long delay = this.renewal.retryAfterGlare(call);
                LOG.log(System.Logger.Level.INFO, "call {0}: key renewal met a re-INVITE of the peer (491): retry in {1} ms", call.id, delay);
                return;
            }
            if (failure != null || !response.isSuccess()) {
                call.rtp.session.sending(call.state != CallState.OnHold);
                call.reason = "re-INVITE failed: " + (failure != null ? CallControl.rootMessage(failure)
                        : response.statusCode() + " " + response.reasonPhrase());
                control.post(call);
                if (!renewal) {
                    renewIfWaiting(call);
                }
                return;
            }
            try {
                SessionDescription answer = SessionDescription.parse(response.body());
                if (call.crypto.secure) {
                    SdpKeying answered = SdpKeyings.of(answer, control.settings.attributeNames());
                    boolean hasKeying = !answered.sessionAttributes().isEmpty()
                            || answered.mediaAttributes().stream().anyMatch(l -> !l.isEmpty());
                    // A method that does not keep keys answers a keyless re-offer (Keep) without keying: the keys stay.
                    if (hasKeying || call.crypto.method.needs().keepsKeysOnReinvite()) {
                        keying.acceptAnswer(answered);
                        call.crypto.session = keying;
                        call.crypto.keys = MediaKeys.srtp(keying.sendKeys(0), keying.receiveKeyRing(0));
                        call.rtp.session.rekey(call.crypto.keys);
                        // Keys of an answer of ours still waiting for its ACK are superseded by these.
                        call.crypto.pendingSendKeys = null;
                    }
                }
                // ACK after the new keys are in place: the answerer switches its sending keys on it.
                call.sip.dialog.sendAck("", new byte[0]);
                control.change(call, hold ? CallState.OnHold : CallState.Connected, "");
                renewIfWaiting(call);
            } catch (SdpParseException | KeyManagementException | RuntimeException e) {
                call.sip.dialog.sendAck("", new byte[0]);
                call.sip.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                control.end(call, CallState.Failed, "unusable re-INVITE answer: " + e.getMessage());
            }
        }
    }
}
