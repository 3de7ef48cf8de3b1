package org.secureta.srtp.mikey;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * The GStreamer tolerances under random input: SP parameter 3 and 11 over all their values, and
 * mutations of GStreamer's message with #CS 0 and 1 through the path that accepts #CS 0. Only a
 * {@link MikeyException} naming the payload and offset may come out; what is accepted keys
 * exactly the suite the values mean. Each property is bounded to 2000 tries.
 */
class GStreamerToleranceFuzzTest {

    private static MikeyResponder responder() {
        return new MikeyResponder(new byte[0], true, new ReplayCache(Reference.clockAt(Reference.NOW), Duration.ofDays(1), 100));
    }

    private static byte[] params(int param3, int param11) {
        byte[] base = Reference.hex(String.format("000101 010110 020101 0301%02x 070101 080101 0a0101", param3));
        return param11 < 0 ? base : Reference.concat(base, Reference.hex(String.format("0b01%02x", param11)));
    }

    @Property(tries = 2000)
    void parameterThreeIsAcceptedOnlyAsTheKeyLengthOrGStreamersTagLength(@ForAll @IntRange(min = 0, max = 255) int param3,
            @ForAll @IntRange(min = -1, max = 255) int param11) throws Exception {
        boolean keyLengthOk = param3 == 20 || param3 == 10 || param3 == 4;
        boolean tagOk = param11 < 0 || param11 == 10 || param11 == 4;
        boolean consistent = param3 == 20 || param11 < 0 || param11 == param3;
        try {
            MikeyResponder.Result result = responder().respond(GStreamerToleranceTest.gstMessage(1, params(param3, param11)), 1);
            if (!(keyLengthOk && tagOk && consistent)) {
                throw new AssertionError("accepted parameter 3 = " + param3 + ", parameter 11 = " + param11);
            }
            int tag = param11 >= 0 ? param11 : param3 == 20 ? 10 : param3;
            SrtpProfile expected = tag == 4 ? SrtpProfile.AES_CM_128_HMAC_SHA1_32 : SrtpProfile.AES_CM_128_HMAC_SHA1_80;
            SrtpProfile got = result.offer().policyOf(result.cryptoSessions().get(0)).profile();
            if (got != expected) {
                throw new AssertionError("parameter 3 = " + param3 + ", parameter 11 = " + param11 + " keyed " + got + ", not " + expected);
            }
        } catch (MikeyException e) {
            if (keyLengthOk && tagOk && consistent) {
                throw new AssertionError("refused parameter 3 = " + param3 + ", parameter 11 = " + param11 + ": " + e.getMessage(), e);
            }
            if (!e.getMessage().startsWith("SP payload at offset ")) {
                throw new AssertionError("not naming the SP payload: " + e.getMessage(), e);
            }
        }
    }

    @Property(tries = 2000)
    void mutatedGStreamerMessagesRaiseOnlyMikeyExceptionNamingPayloadAndOffset(@ForAll("mutated") byte[] bytes) {
        try {
            responder().respond(bytes, 1);
        } catch (MikeyException e) {
            if (!MalformedMessageTest.NAMES_PAYLOAD_AND_OFFSET.matcher(e.getMessage()).matches()) {
                throw new AssertionError("no payload and offset in: " + e.getMessage(), e);
            }
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> valid = Arbitraries.of(GStreamerToleranceTest.gstMessage(0, params(10, -1)),
                GStreamerToleranceTest.gstMessage(1, params(4, -1)));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 120), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 1)).as((message, position, value, kind) -> {
                    byte[] copy = message.clone();
                    int at = position % copy.length;
                    if (kind == 0) {
                        copy[at] = (byte) (int) value;
                        return copy;
                    }
                    return java.util.Arrays.copyOf(copy, at);
                });
    }
}
