package org.secureta.srtp.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;
import org.secureta.srtp.sdes.MutationsForTests;

/**
 * Bounded property tests of the SDP parser: any text or bytes give a session description or an
 * {@link SdpParseException}, never another exception; what parses writes back to text that parses
 * to an equal value, and the writer's output is stable.
 */
class SdpFuzzTest {

    private static final List<String> VALID = List.of(SdpParserTest.SDES_OFFER, SdpParserTest.MIKEY_OFFER);
    private static final String INTERESTING = "vosicbtamkuz= :/\r\n\t0123456789.-IPN4";

    @Property(tries = 2000)
    void randomTextIsParsedOrRefused(@ForAll @StringLength(max = 2000) String text) {
        check(text);
    }

    @Property(tries = 2000)
    void randomBytesAreParsedOrRefused(@ForAll @Size(max = 2000) byte[] bytes) {
        try {
            roundTrip(SessionDescription.parse(bytes));
        } catch (SdpParseException refused) {
            Statistics.collect("refused");
        }
    }

    @Property(tries = 2000)
    void randomLinesAreParsedOrRefused(@ForAll("lines") String text) {
        check(text);
    }

    @Property(tries = 2000)
    void mutationsOfValidBodiesAreParsedOrRefused(@ForAll("mutated") String text) {
        check(text);
    }

    @Property(tries = 1000)
    void builtOffersSurviveWritingAndParsing(@ForAll("offers") SessionDescription offer) throws SdpParseException {
        String written = offer.write();
        SessionDescription parsed = SessionDescription.parse(written);
        assertEquals(offer, parsed);
        assertEquals(written, parsed.write());
    }

    private static void check(String text) {
        try {
            roundTrip(SessionDescription.parse(text));
        } catch (SdpParseException refused) {
            Statistics.collect("refused");
        }
    }

    private static void roundTrip(SessionDescription parsed) {
        Statistics.collect("parsed");
        try {
            SessionDescription again = SessionDescription.parse(parsed.write());
            assertEquals(parsed, again);
            assertEquals(parsed.write(), again.write());
        } catch (SdpParseException e) {
            throw new AssertionError("the writer produced a body the parser refuses: " + e.getMessage(), e);
        }
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> line = Combinators.combine(Arbitraries.of('v', 'o', 's', 'i', 'c', 'b', 't', 'a', 'm', 'k', 'x'),
                Arbitraries.strings().withChars(INTERESTING).ofMaxLength(40)).as((type, value) -> type + "=" + value);
        return line.list().ofMaxSize(30).map(l -> String.join("\r\n", l));
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> seed = Arbitraries.of(VALID);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 5000);
        Arbitrary<Character> character = Arbitraries.oneOf(Arbitraries.chars().with(INTERESTING.toCharArray()), Arbitraries.chars());
        Arbitrary<Integer> operation = Arbitraries.integers().between(0, 7);
        return Combinators.combine(seed, position, character, operation).as(SdpFuzzTest::mutate)
                .flatMap(once -> Arbitraries.oneOf(Arbitraries.just(once),
                        Combinators.combine(position, character, operation).as((p, c, o) -> mutate(once, p, c, o))));
    }

    /** Character edits, and line edits: delete, duplicate or swap a line. */
    static String mutate(String text, int position, char c, int operation) {
        if (operation >= 5) {
            List<String> lines = new ArrayList<>(List.of(text.split("\r\n", -1)));
            int at = position % lines.size();
            int other = (position / 7) % lines.size();
            switch (operation) {
                case 5 -> lines.remove(at);
                case 6 -> lines.add(at, lines.get(other));
                default -> {
                    String swap = lines.get(at);
                    lines.set(at, lines.get(other));
                    lines.set(other, swap);
                }
            }
            return String.join("\r\n", lines);
        }
        return MutationsForTests.mutate(text, position, c, operation);
    }

    @Provide
    Arbitrary<SessionDescription> offers() {
        Arbitrary<Origin> origin = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.longs().between(0, Long.MAX_VALUE - 1),
                Arbitraries.of("127.0.0.1", "10.1.2.3", "::1", "2001:db8::7", "host.example"))
                .as((user, id, version, address) -> Origin.of(user, id, version, address));
        Arbitrary<List<AudioCodec>> codecs = Arbitraries.of(AudioCodec.class).list().ofMinSize(1).ofMaxSize(2).uniqueElements();
        Arbitrary<Attribute> extra = Combinators.combine(Arbitraries.strings().withChars("abcXYZ-0").ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().withChars("abc :/=\u00e9\u20ac1").ofMaxLength(30))
                .as((name, value) -> value.isEmpty() ? Attribute.property(name) : Attribute.of(name, value))
                .filter(a -> !Direction.isDirectionName(a.name()) && !a.isNamed("rtpmap"));
        return Combinators.combine(origin, Arbitraries.integers().between(0, 65535), Arbitraries.of(true, false), codecs,
                Arbitraries.of(Direction.class), Arbitraries.integers().between(96, 127), extra.list().ofMaxSize(5))
                .as((o, port, secure, list, direction, pt, extras) -> {
                    SessionDescription base = AudioOffer.from(o, o.address(), port).secure(secure).codecs(list).direction(direction)
                            .telephoneEvent(pt).build();
                    MediaDescription audio = base.media().get(0);
                    List<Attribute> attributes = new ArrayList<>(audio.attributes());
                    attributes.addAll(extras);
                    return base.withMedia(List.of(audio.withAttributes(attributes))).withAttributes(extras);
                });
    }
}
