package org.secureta.srtp.mikey;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.SdpKeying;

/**
 * Random bytes and random mutations of valid messages, through the whole receiving path: the
 * only exception allowed out is the checked one, and it always names a payload and an offset.
 * Each property is bounded to 2000 tries.
 */
class MikeyParserFuzzTest {

    private static final byte[] PSK_OFFER;
    private static final byte[] NULL_OFFER;
    private static final byte[] VERIFICATION;

    static {
        try {
            PSK_OFFER = MalformedMessageTest.pskOffer();
            NULL_OFFER = MalformedMessageTest.nullOffer();
            VERIFICATION = MalformedMessageTest.verificationMessage();
        } catch (MikeyException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A fresh cache per try, at the messages' own time, so mutations get past freshness and replay checks. */
    private static MikeyResponder responder() {
        return new MikeyResponder(Reference.PSK, true, new ReplayCache(Reference.clockAt(Reference.NOW), Duration.ofDays(1), 100));
    }

    private static void receive(byte[] bytes) {
        try {
            responder().respond(bytes);
        } catch (MikeyException e) {
            if (!MalformedMessageTest.NAMES_PAYLOAD_AND_OFFSET.matcher(e.getMessage()).matches()) {
                throw new AssertionError("no payload and offset in: " + e.getMessage(), e);
            }
        }
    }

    @Property(tries = 2000)
    void randomBytesNeverRaiseAnythingButMikeyException(@ForAll @Size(max = 600) byte[] bytes) {
        receive(bytes);
    }

    @Property(tries = 2000)
    void randomBytesBehindAValidHeaderNeverRaiseAnythingButMikeyException(@ForAll @Size(max = 300) byte[] tail) {
        byte[] header = Arrays.copyOf(NULL_OFFER, 19);
        byte[] bytes = Arrays.copyOf(header, header.length + tail.length);
        System.arraycopy(tail, 0, bytes, header.length, tail.length);
        receive(bytes);
    }

    @Property(tries = 2000)
    void mutationsOfValidMessagesNeverRaiseAnythingButMikeyException(@ForAll("mutatedMessages") byte[] bytes) {
        receive(bytes);
        try {
            new InitiatorExchangeProbe().accept(bytes);
        } catch (MikeyException e) {
            if (!MalformedMessageTest.NAMES_PAYLOAD_AND_OFFSET.matcher(e.getMessage()).matches()) {
                throw new AssertionError("no payload and offset in: " + e.getMessage(), e);
            }
        }
    }

    @Property(tries = 2000)
    void arbitraryKeyMgmtAttributesNeverRaiseAnythingButKeyManagementException(@ForAll("attributes") String attribute) {
        var unit = new MikeyKeyManagement(Reference.clockAt(Reference.NOW), Duration.ofMinutes(5), new java.security.SecureRandom());
        var session = unit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, true, Reference.PSK));
        try {
            session.answer(new SdpKeying(List.of(attribute), List.of(List.of())));
        } catch (KeyManagementException expected) {
            // refused with a message: fine
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        Arbitrary<byte[]> valid = Arbitraries.of(PSK_OFFER, NULL_OFFER, VERIFICATION);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 200);
        Arbitrary<Integer> value = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 4);
        return Combinators.combine(valid, kind, position, value, count).as(MikeyParserFuzzTest::mutate);
    }

    @Provide
    Arbitrary<String> attributes() {
        Arbitrary<String> validPrefix = Arbitraries.of(
                "key-mgmt:mikey " + Base64.getEncoder().encodeToString(PSK_OFFER),
                "key-mgmt:mikey " + Base64.getEncoder().encodeToString(NULL_OFFER),
                "key-mgmt:MIKEY ", "key-mgmt:mikey", "key-mgmt:");
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(80);
        return Combinators.combine(validPrefix, noise, Arbitraries.integers().between(0, 2)).as((prefix, text, how) -> switch (how) {
            case 0 -> prefix + text;
            case 1 -> prefix.substring(0, Math.min(prefix.length(), text.length() + 10)) + text;
            default -> "key-mgmt:mikey " + text;
        });
    }

    /** Overwrite, insert, delete or truncate at a position within the message. */
    private static byte[] mutate(byte[] message, int kind, int position, int value, int count) {
        int at = position % (message.length + 1);
        switch (kind) {
            case 0 -> {
                byte[] out = message.clone();
                for (int i = 0; i < count && at + i < out.length; i++) {
                    out[at + i] = (byte) (value + i * 37);
                }
                return out;
            }
            case 1 -> {
                byte[] out = new byte[message.length + count];
                System.arraycopy(message, 0, out, 0, at);
                Arrays.fill(out, at, at + count, (byte) value);
                System.arraycopy(message, at, out, at + count, message.length - at);
                return out;
            }
            case 2 -> {
                int end = Math.min(message.length, at + count);
                byte[] out = new byte[message.length - (end - at)];
                System.arraycopy(message, 0, out, 0, at);
                System.arraycopy(message, end, out, at, message.length - end);
                return out;
            }
            default -> {
                return Arrays.copyOf(message, at);
            }
        }
    }

    /** Feeds bytes to the offerer's side, which reads verification messages. */
    private static final class InitiatorExchangeProbe {
        void accept(byte[] bytes) throws MikeyException {
            ReplayCache cache = new ReplayCache(Reference.clockAt(Reference.NOW), Duration.ofDays(1), 100);
            InitiatorExchange exchange = new MikeyInitiator(Reference.PSK, false, new java.security.SecureRandom(), cache)
                    .start(List.of(new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0)), List.of());
            exchange.acceptVerification(bytes);
        }
    }
}
