package org.secureta.launcher.decrypt;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.mikey.CapturedMikey;
import org.secureta.srtp.sdes.CryptoAttribute;
import org.secureta.srtp.sdes.CryptoAttributeException;
import org.secureta.srtp.sdes.InlineKey;
import org.secureta.srtp.sdes.SrtpCryptoAttribute;
import org.secureta.srtp.sdp.Attribute;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.SdpParseException;
import org.secureta.srtp.sdp.SessionDescription;

/**
 * The SRTP keys and media ports the SDP bodies of a call carry, read with srtp-ta's own SDP,
 * SDES and MIKEY code: {@code a=crypto} inline keys (RFC 4568) and {@code a=key-mgmt:mikey}
 * messages (RFC 4567) at session or media level, the latter opened with the pre-shared key when
 * its KEMAC is encrypted. A body that cannot be read is a problem of that message, not of the run.
 */
final class SdpKeys {

    private final byte[] preSharedKey;
    private final List<KeyCandidate> candidates = new ArrayList<>();
    private final Set<Integer> mediaPorts = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    SdpKeys(byte[] preSharedKey) {
        this.preSharedKey = preSharedKey.clone();
    }

    List<KeyCandidate> candidates() {
        return List.copyOf(candidates);
    }

    /** The RTP ports the SDP bodies announce, and the RTCP port above each (RFC 3550 11). */
    Set<Integer> mediaPorts() {
        return Set.copyOf(mediaPorts);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void add(SipMessage message) {
        String where = message.label() + " of call " + message.callId();
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(message.body());
        } catch (SdpParseException | RuntimeException e) {
            problems.add("the SDP of " + where + " cannot be read: " + e.getMessage());
            return;
        }
        int mediaCount = sdp.media().size();
        String address = sdp.connection().map(c -> c.address()).orElse("?");
        for (Attribute a : sdp.attributes()) {
            if (a.isNamed("key-mgmt")) {
                mikey(a, mediaCount, "session-level key-mgmt of " + where);
            }
        }
        for (int i = 0; i < mediaCount; i++) {
            MediaDescription m = sdp.media().get(i);
            if (m.port() > 0) {
                mediaPorts.add(m.port());
                mediaPorts.add(m.port() + 1);
            }
            String media = "m=" + m.media() + " " + m.connection().map(c -> c.address()).orElse(address) + ":" + m.port();
            for (Attribute a : m.attributes()) {
                if (a.isNamed("key-mgmt")) {
                    mikey(a, 1, "key-mgmt of " + media + " in " + where);
                } else if (a.isNamed("crypto")) {
                    sdes(a, "a=crypto of " + media + " in " + where);
                }
            }
        }
    }

    private void sdes(Attribute a, String where) {
        CryptoAttribute parsed;
        try {
            parsed = CryptoAttribute.parse(a.text());
        } catch (CryptoAttributeException | RuntimeException e) {
            problems.add(where + ": " + e.getMessage());
            return;
        }
        if (parsed instanceof SrtpCryptoAttribute srtp) {
            List<SrtpKeys> keys = new ArrayList<>();
            for (InlineKey key : srtp.keys()) {
                keys.add(key.toSrtpKeys(srtp.suite().profile()));
            }
            candidates.add(new KeyCandidate("SDES", "tag " + srtp.tag() + " " + where, keys, OptionalInt.empty(), 0));
        } else {
            problems.add(where + ": suite " + parsed.suiteName() + " is not one SecureTA decrypts");
        }
    }

    private void mikey(Attribute a, int streams, String where) {
        if (!CapturedMikey.isMikey(a.text())) {
            problems.add(where + ": not a MIKEY key-mgmt attribute; ignored");
            return;
        }
        try {
            List<CapturedMikey.KeyedStream> keyed = CapturedMikey.read(a.text(), preSharedKey, streams);
            for (CapturedMikey.KeyedStream s : keyed) {
                candidates.add(new KeyCandidate("MIKEY", "CS " + s.cryptoSession() + " of " + where, List.of(s.keys()),
                        s.ssrc() == 0 ? OptionalInt.empty() : OptionalInt.of(s.ssrc()), s.roc()));
            }
        } catch (KeyManagementException | RuntimeException e) {
            String hint = e.getMessage() != null && e.getMessage().contains("no MIKEY pre-shared key")
                    ? " (give it with --psk HEX or --profile FILE)" : "";
            problems.add(where + ": " + e.getMessage() + hint);
        }
    }
}
