package org.secureta.srtp.sdp;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.secureta.srtp.RtpMode;
import org.secureta.srtp.sdes.CryptoAttribute;
import org.secureta.srtp.sdes.CryptoAttributeException;

/**
 * Cost of parsing a typical offer, and of the worst bodies the limits let through: what a hostile
 * peer can make the unit spend per INVITE. Run:
 * {@code java -cp <test classpath> org.openjdk.jmh.Main SdpParserBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SdpParserBenchmark {

    private static final String HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";

    private String typicalOffer;
    private String cryptoLine;
    /** About 64 KiB of short attribute lines: the most records per body. */
    private String manyAttributes;
    /** 15 media, each a 4 KiB m= line of payload types followed by rtpmaps: the answerer's worst. */
    private String manyFormats;
    /** Maximal IPv6-like c= lines. */
    private String longAddresses;
    private AnswerPolicy policy;

    @Setup
    public void setUp() throws Exception {
        typicalOffer = SdpParserTest.SDES_OFFER;
        cryptoLine = "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpParserTest.KEY + "|2^20|1:4 KDR=0 WSH=64";
        manyAttributes = fill(HEAD + "m=audio 4000 RTP/AVP 0\r\n", "a=x\r\n");
        StringBuilder formats = new StringBuilder(HEAD);
        while (formats.length() < 60_000) {
            StringBuilder m = new StringBuilder("m=audio 4000 RTP/AVP");
            while (m.length() < 4090) {
                m.append(" 1");
            }
            formats.append(m).append("\r\n");
            for (int pt = 96; pt < 128 && formats.length() < 64_000; pt++) {
                formats.append("a=rtpmap:").append(pt).append(" X/8000\r\n");
            }
        }
        manyFormats = formats.toString();
        String address = "1:".repeat(2040);
        StringBuilder addresses = new StringBuilder(HEAD.replace("c=IN IP4 127.0.0.1", "c=IN IP6 " + address));
        while (addresses.length() < 60_000) {
            addresses.append("m=audio 4000 RTP/AVP 0\r\nc=IN IP6 ").append(address).append("\r\n");
        }
        longAddresses = addresses.toString();
        policy = new AnswerPolicy(Origin.of("bob", 1, 1, "127.0.0.1"), "127.0.0.1", 6000, List.of(AudioCodec.PCMU),
                true, AnswerPolicy.protocolsFor(RtpMode.SecureWithFallback), 0);
        for (String body : List.of(typicalOffer, manyAttributes, manyFormats, longAddresses)) {
            SessionDescription.parse(body); // every body must be valid, or the benchmark measures an early error
        }
    }

    private static String fill(String head, String line) {
        StringBuilder out = new StringBuilder(head);
        while (out.length() + line.length() <= 65_536) {
            out.append(line);
        }
        return out.toString();
    }

    @Benchmark
    public SessionDescription parseTypicalOffer() throws SdpParseException {
        return SessionDescription.parse(typicalOffer);
    }

    @Benchmark
    public String parseAndWriteTypicalOffer() throws SdpParseException {
        return SessionDescription.parse(typicalOffer).write();
    }

    @Benchmark
    public CryptoAttribute parseCryptoAttribute() throws CryptoAttributeException {
        return CryptoAttribute.parse(cryptoLine);
    }

    @Benchmark
    public SessionDescription parse64KibOfAttributes() throws SdpParseException {
        return SessionDescription.parse(manyAttributes);
    }

    @Benchmark
    public SessionDescription parseAndAnswer64KibOfFormats() throws SdpParseException {
        return Answerer.answer(SessionDescription.parse(manyFormats), policy);
    }

    @Benchmark
    public SessionDescription parse64KibOfLongAddresses() throws SdpParseException {
        return SessionDescription.parse(longAddresses);
    }
}
