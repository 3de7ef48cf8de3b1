package org.secureta.srtp.internal;

import java.net.InetAddress;
import java.util.List;

import org.secureta.srtp.CryptoUpdateMode;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.sdp.Attribute;
import org.secureta.srtp.sdp.AudioOffer;
import org.secureta.srtp.sdp.Direction;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SessionDescription;

/**
 * The SDP offers a call sends (RFC 3264 5 and 8): the first one, a re-INVITE's (hold, resume,
 * re-keying) and the switch to T.38. Keying follows what the call's key management declares
 * ({@link org.secureta.srtp.keymgmt.KeyingNeeds}), never its name.
 */
final class Offers {

    /** A re-INVITE's offer and the keying session it uses (a new one when the method re-keys by a new exchange). */
    record Reoffer(SessionDescription offer, KeyingSession keying) {
    }

    private final InetAddress address;

    Offers(InetAddress address) {
        this.address = address;
    }

    /** The INVITE's offer; a secure one opens the call's keying session. */
    SessionDescription initial(Call call, boolean secure, CallSettings settings) throws KeyManagementException {
        SessionDescription offer = AudioOffer.from(call.rtp.origin, address.getHostAddress(), call.rtp.session.localPort()).secure(secure).build();
        if (!secure) {
            return offer;
        }
        call.crypto.method = settings.keyManagementOf(call);
        call.crypto.session = call.crypto.method.newSession(settings.parameters(call, 1));
        return SdpKeyings.withKeying(offer, call.crypto.session.offer(), settings.attributeNames());
    }

    /**
     * A re-INVITE's offer under {@code mode} (Mipt.SessionUpdateCryptoMode). A method that keeps
     * its keys re-offers them through its session; one that cannot repeat its message (a replay,
     * RFC 3830 5.4) sends no keying under Keep, and runs a new exchange otherwise.
     */
    Reoffer reinvite(Call call, boolean hold, CryptoUpdateMode mode, CallSettings settings) throws KeyManagementException {
        call.rtp.origin = call.rtp.origin.nextVersion();
        SessionDescription offer = AudioOffer.from(call.rtp.origin, address.getHostAddress(), call.rtp.session.localPort())
                .secure(call.crypto.secure).direction(hold ? Direction.SENDONLY : Direction.SENDRECV).build();
        KeyingSession keying = call.crypto.session;
        if (call.crypto.secure) {
            SdpKeying attributes;
            if (call.crypto.method.needs().keepsKeysOnReinvite()) {
                attributes = call.crypto.session.reoffer(mode);
            } else if (mode == CryptoUpdateMode.Keep) {
                attributes = SdpKeying.empty(1);
            } else {
                keying = call.crypto.method.newSession(settings.parameters(call, 1));
                attributes = keying.offer();
            }
            offer = SdpKeyings.withKeying(offer, attributes, settings.attributeNames());
        }
        return new Reoffer(offer, keying);
    }

    /** The switch to fax: audio plus {@code m=image udptl t38} (ITU-T T.38 Annex D). */
    SessionDescription t38(Call call) {
        call.rtp.origin = call.rtp.origin.nextVersion();
        MediaDescription image = MediaDescription.of("image", call.rtp.t38.localPort(), "udptl", List.of("t38"),
                List.of(Attribute.parse("T38FaxVersion:0"), Attribute.parse("T38FaxRateManagement:transferredTCF"),
                        Attribute.parse("T38FaxUdpEC:t38UDPRedundancy")));
        return AudioOffer.from(call.rtp.origin, address.getHostAddress(), call.rtp.session.localPort()).build().withMedia(List.of(image));
    }
}
