package org.secureta.srtp.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingNeeds;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * A third key management, for tests only ("Xtest"): each side sends its own master key and salt
 * in a media-level {@code a=x-test-key:} attribute (an SDES without suites, lifetimes or MKIs).
 * It proves that the call agent carries a secure call keyed by a method it does not know.
 */
final class TestOnlyKeyManagement implements KeyManagement {

    static final String NAME = "Xtest";
    private static final String ATTRIBUTE = "x-test-key:";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyingNeeds needs() {
        return new KeyingNeeds(KeyingNeeds.AttributeLevel.MEDIA, java.util.Set.of("x-test-key"), false, true);
    }

    @Override
    public boolean isPresent(SdpKeying offer) {
        return offer.mediaAttributes().stream().flatMap(List::stream).anyMatch(a -> a.startsWith(ATTRIBUTE));
    }

    @Override
    public KeyingSession newSession(KeyingParameters parameters) {
        return new Session(parameters.mediaCount());
    }

    private static final class Session implements KeyingSession {
        private final int mediaCount;
        private final byte[] ours = new byte[SrtpProfile.MASTER_KEY_LENGTH + SrtpProfile.MASTER_SALT_LENGTH];
        private byte[] theirs;

        Session(int mediaCount) {
            this.mediaCount = mediaCount;
            RANDOM.nextBytes(ours);
        }

        private SdpKeying ours() {
            List<List<String>> media = new java.util.ArrayList<>();
            for (int i = 0; i < mediaCount; i++) {
                media.add(List.of(ATTRIBUTE + Base64.getEncoder().encodeToString(ours)));
            }
            return new SdpKeying(List.of(), media);
        }

        private void read(SdpKeying keying, String what) throws KeyManagementException {
            String attribute = keying.mediaAttributes().stream().flatMap(List::stream).filter(a -> a.startsWith(ATTRIBUTE)).findFirst()
                    .orElseThrow(() -> new KeyManagementException("Xtest: no " + ATTRIBUTE + " in the " + what));
            try {
                theirs = Base64.getDecoder().decode(attribute.substring(ATTRIBUTE.length()));
            } catch (IllegalArgumentException e) {
                throw new KeyManagementException("Xtest: the " + what + "'s key is not base64");
            }
            if (theirs.length != ours.length) {
                throw new KeyManagementException("Xtest: the " + what + "'s key is " + theirs.length + " bytes, not " + ours.length);
            }
        }

        @Override
        public SdpKeying offer() {
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
            return keys(theirs);
        }
    }
}
