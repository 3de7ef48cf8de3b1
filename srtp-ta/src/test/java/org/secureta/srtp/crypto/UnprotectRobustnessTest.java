package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.secureta.srtp.keymgmt.SrtpProfile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever arrives from the network, unprotect answers with a failure code and never throws. */
class UnprotectRobustnessTest {

    @Provide
    Arbitrary<byte[]> datagrams() {
        // Mostly version-2 first bytes, so that the parser goes past the first check.
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(400).map(bytes -> {
            if (bytes.length > 0 && bytes[bytes.length - 1] % 4 != 0) {
                bytes[0] = (byte) (0x80 | bytes[0] & 0x3F);
            }
            return bytes;
        });
    }

    @Property(tries = 2000)
    void random_srtp_datagrams_are_refused_without_exception(@ForAll("datagrams") byte[] datagram,
            @ForAll SrtpProfile profile, @ForAll @Size(max = 4) byte[] mki) {
        SrtpContext receiver = SrtpContext.forReceiving(TestPackets.keys(profile, mki));
        byte[] copy = datagram.clone();
        int result = receiver.unprotect(copy, 0, copy.length);
        assertTrue(result < 0, "random bytes were accepted");
        assertTrue(Arrays.equals(datagram, copy), "a refused packet is left as it arrived");
    }

    @Property(tries = 2000)
    void random_srtcp_datagrams_are_refused_without_exception(@ForAll("datagrams") byte[] datagram,
            @ForAll SrtpProfile profile) {
        SrtcpContext receiver = SrtcpContext.forReceiving(TestPackets.keys(profile));
        assertTrue(receiver.unprotect(datagram, 0, datagram.length) < 0);
    }

    @Property(tries = 1000)
    void a_genuine_packet_with_any_one_bit_flipped_is_refused(@ForAll SrtpProfile profile,
            @ForAll @IntRange(min = 0, max = 65535) int seq, @ForAll @IntRange(min = 0, max = 181 * 8 - 1) int bit) {
        SrtpContext sender = SrtpContext.forSending(TestPackets.keys(profile));
        byte[] packet = TestPackets.rtp(seq, 0x1234, TestPackets.payload(seq));
        int length = sender.protect(packet, 0, 172);
        int flipped = bit % (length * 8);
        packet[flipped / 8] ^= (byte) (1 << (flipped % 8));
        int result = SrtpContext.forReceiving(TestPackets.keys(profile)).unprotect(packet, 0, length);
        assertTrue(result < 0, "bit " + flipped + " flipped and still accepted");
    }
}
