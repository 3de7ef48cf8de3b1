package org.secureta.example.keymgmt;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingNeeds;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * A third key management for tests only, {@code Xtest}: each side sends its own master key and
 * salt in a media-level {@code a=x-test-key:} attribute (SDES without suites, lifetimes or MKIs,
 * so only over TLS). It exists to prove that a bundle adds a method the call agent does not know,
 * selected by {@code Mipt.DefaultSecurityKeyManagement=Xtest}; it offers nothing SDES does not.
 */
@Component(service = KeyManagement.class, property = KeyManagement.NAME_PROPERTY + "=" + XtestKeyManagement.NAME)
public final class XtestKeyManagement implements KeyManagement {

    public static final String NAME = "Xtest";
    static final String ATTRIBUTE = "x-test-key";
    private static final KeyingNeeds NEEDS = new KeyingNeeds(KeyingNeeds.AttributeLevel.MEDIA, Set.of(ATTRIBUTE), false, true);

    private final SecureRandom random = new SecureRandom();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyingNeeds needs() {
        return NEEDS;
    }

    @Override
    public boolean isPresent(SdpKeying offer) {
        return offer.mediaAttributes().stream().flatMap(List::stream).anyMatch(a -> a.startsWith(ATTRIBUTE + ":"));
    }

    @Override
    public KeyingSession newSession(KeyingParameters parameters) {
        byte[] ours = new byte[SrtpProfile.MASTER_KEY_LENGTH + SrtpProfile.MASTER_SALT_LENGTH];
        random.nextBytes(ours);
        return new Session(parameters.mediaCount(), ours, parameters.signallingSecure());
    }

    /** One call's keys: ours (sent in our SDP) and the peer's (read from its SDP). */
    static final class Session implements KeyingSession {
        private final int mediaCount;
        private final byte[] ours;
        private final boolean signallingSecure;
        private byte[] theirs;

        Session(int mediaCount, byte[] ours, boolean signallingSecure) {
            this.mediaCount = mediaCount;
            this.ours = ours;
            this.signallingSecure = signallingSecure;
        }

        private SdpKeying ours() throws KeyManagementException {
            if (!signallingSecure) {
                throw new KeyManagementException("Xtest keys travel readable in the SDP: TLS signalling only");
            }
            List<List<String>> media = new ArrayList<>();
            for (int i = 0; i < mediaCount; i++) {
                media.add(List.of(ATTRIBUTE + ":" + Base64.getEncoder().encodeToString(ours)));
            }
            return new SdpKeying(List.of(), media);
        }

        private void read(SdpKeying keying, String what) throws KeyManagementException {
            String attribute = keying.mediaAttributes().stream().flatMap(List::stream).filter(a -> a.startsWith(ATTRIBUTE + ":"))
                    .findFirst().orElseThrow(() -> new KeyManagementException("Xtest: no a=" + ATTRIBUTE + " in the " + what));
            byte[] key;
            try {
                key = Base64.getDecoder().decode(attribute.substring(ATTRIBUTE.length() + 1));
            } catch (IllegalArgumentException e) {
                throw new KeyManagementException("Xtest: the " + what + "'s a=" + ATTRIBUTE + " is not base64");
            }
            if (key.length != ours.length) {
                throw new KeyManagementException("Xtest: the " + what + "'s key is " + key.length + " bytes, not " + ours.length);
            }
            theirs = key;
        }

        @Override
        public SdpKeying offer() throws KeyManagementException {
            return ours();
        }

        @Override
        public SdpKeying answer(SdpKeying offer) throws KeyManagementException {
            read(offer, "offer");
            return ours();
        }

        @Override
        public void acceptAnswer(SdpKeying answer) throws KeyManagementException {
            read(answer, "answer");
        }

        private static SrtpKeys keys(byte[] keySalt) {
            return new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, Arrays.copyOf(keySalt, SrtpProfile.MASTER_KEY_LENGTH),
                    Arrays.copyOfRange(keySalt, SrtpProfile.MASTER_KEY_LENGTH, keySalt.length), new byte[0]);
        }

        @Override
        public SrtpKeys sendKeys(int mediaIndex) {
            return keys(ours);
        }

        @Override
        public SrtpKeys receiveKeys(int mediaIndex) {
            if (theirs == null) {
                throw new IllegalStateException("Xtest: the peer's key is not known yet");
            }
            return keys(theirs);
        }

        @Override
        public String toString() {
            return "Xtest session[media=" + mediaCount + ", keys hidden]";
        }
    }
}
