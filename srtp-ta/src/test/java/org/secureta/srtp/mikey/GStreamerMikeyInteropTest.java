package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.crypto.SrtpContext;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;
import org.secureta.srtp.sdp.AudioOffer;
import org.secureta.srtp.sdp.Origin;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SessionDescription;
import org.secureta.proxykit.FreePorts;

/**
 * The unit's MIKEY keying session and SRTP engine against the real GStreamer, over loopback UDP:
 * GStreamer's offers (as gst-rtsp-server builds them) answered by the unit and GStreamer's srtpenc
 * media decrypted by it, the unit's media decrypted by GStreamer's srtpdec, and the unit's offer
 * parsed by GStreamer's MIKEY code. The SDP travels as over TLS (signallingSecure), since both
 * GStreamer's and the unit's keyless offers carry the SRTP key in a NULL KEMAC.
 */
class GStreamerMikeyInteropTest {

    private static final int PACKETS = 10;
    private static final int UNIT_SSRC = 0x0A0B0C0D;

    private final MikeyKeyManagement unit = new MikeyKeyManagement(java.util.Map.of());

    @BeforeAll
    static void requireGStreamer() {
        assumeTrue(GStreamerPeer.available(), GStreamerPeer.NOT_INSTALLED);
    }

    @ParameterizedTest(name = "tag {0}, key-mgmt at {1} level, #CS {2}")
    @CsvSource({"80, session, 0", "32, session, 1", "80, media, 1", "32, media, 0"})
    void gstreamersOfferIsAnsweredAndItsSrtpFlowsBothWays(String tag, String level, int cs) throws Exception {
        int gstreamerPort = FreePorts.tcpAndUdp();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             GStreamerPeer gst = GStreamerPeer.start(null, "offer", "--tag", tag, "--level", level, "--cs", String.valueOf(cs),
                     "--send-port", String.valueOf(socket.getLocalPort()), "--recv-port", String.valueOf(gstreamerPort),
                     "--packets", String.valueOf(PACKETS))) {
            socket.setSoTimeout(15_000);
            SessionDescription offer = SessionDescription.parse(GStreamerPeer.string(gst.nextLine(), "sdp"));
            SdpKeying offered = SdpKeyings.of(offer);
            assertTrue(unit.isPresent(offered), "the SDP reader hands " + level + "-level key-mgmt to MIKEY");

            KeyingSession session = unit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0]));
            SdpKeying answer = session.answer(offered);

            SrtpProfile expected = tag.equals("32") ? SrtpProfile.AES_CM_128_HMAC_SHA1_32 : SrtpProfile.AES_CM_128_HMAC_SHA1_80;
            assertEquals(expected, session.receiveKeys(0).profile(), "GStreamer's " + tag + "-bit tag keys that suite");
            assertTrue(answer.sessionAttributes().isEmpty() && answer.mediaAttributes().get(0).isEmpty(),
                    "no verification message: GStreamer asked for none, and its parser never returns on one");

            // GStreamer's srtpenc -> the unit: every packet authenticates and decrypts to PCMU silence.
            SrtpContext receive = SrtpContext.forReceiving(session.receiveKeys(0));
            for (int i = 0; i < PACKETS; i++) {
                DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
                socket.receive(packet);
                int length = receive.unprotect(packet.getData(), 0, packet.getLength());
                assertTrue(length > 12, "packet " + i + " from srtpenc refused by the unit: result " + length);
                byte[] payload = Arrays.copyOfRange(packet.getData(), 12, length);
                byte[] silence = new byte[160];
                Arrays.fill(silence, (byte) 0xFF);
                assertArrayEquals(silence, payload, "packet " + i + " decrypts to mu-law silence");
            }

            // The unit -> GStreamer's srtpdec, with the answered suite: a forged packet first, which must not pass.
            byte[] first = sendUnitMedia(socket, session.sendKeys(0), gstreamerPort);
            String result = gst.nextLine();
            assertEquals(String.valueOf(PACKETS), GStreamerPeer.literal(result, "received"), result + " " + gst.stderrText());
            assertEquals(HexFormat.of().formatHex(first), GStreamerPeer.string(result, "first_payload"),
                    "srtpdec decrypted the unit's first genuine packet, not the forged one");
        }
    }

    @Test
    void theUnitsOfferIsReadByGStreamerWhoseSrtpdecDecryptsTheUnitsMedia() throws Exception {
        int gstreamerPort = FreePorts.tcpAndUdp();
        KeyingSession offerer = unit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0]));
        SessionDescription sdp = SdpKeyings.withKeying(AudioOffer.from(Origin.of("-", 1, 1, "127.0.0.1"), "127.0.0.1", 40000)
                .secure(true).build(), offerer.offer());
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             GStreamerPeer gst = GStreamerPeer.start(sdp.write(), "answer", "--recv-port", String.valueOf(gstreamerPort),
                     "--packets", String.valueOf(PACKETS), "--ssrc", Integer.toUnsignedString(UNIT_SSRC))) {
            String parsed = gst.nextLine();
            assertEquals("true", GStreamerPeer.literal(parsed, "parsed"), parsed + " " + gst.stderrText());
            assertEquals("session", GStreamerPeer.string(parsed, "level"));
            assertEquals("true", GStreamerPeer.literal(parsed, "to_caps"), "GStreamer recovers SRTP caps from the NULL KEMAC");
            assertEquals("aes-128-icm", GStreamerPeer.string(parsed, "cipher"));
            assertEquals("hmac-sha1-80", GStreamerPeer.string(parsed, "auth"));

            // GStreamer answers without MIKEY (RTSP/SDP peers do): the unit asked for no verification.
            offerer.acceptAnswer(SdpKeying.empty(1));
            SrtpKeys keys = offerer.sendKeys(0);
            byte[] keySalt = ByteBuffer.allocate(30).put(keys.masterKey()).put(keys.masterSalt()).array();
            assertEquals(HexFormat.of().formatHex(keySalt), GStreamerPeer.string(parsed, "key"), "GStreamer read the unit's key");

            byte[] first = sendUnitMedia(socket, keys, gstreamerPort);
            String result = gst.nextLine();
            assertEquals(String.valueOf(PACKETS), GStreamerPeer.literal(result, "received"), result + " " + gst.stderrText());
            assertEquals(HexFormat.of().formatHex(first), GStreamerPeer.string(result, "first_payload"));
        }
    }

    @Test
    void gstreamerParsesTheUnitsKeylessOfferForEveryMediaCount() throws Exception {
        for (int media : List.of(1, 2, 3)) {
            KeyingSession offerer = unit.newSession(new KeyingParameters(media, RtpEncryption.AesCm128, true, new byte[0]));
            String attribute = offerer.offer().sessionAttributes().get(0);
            try (GStreamerPeer gst = GStreamerPeer.start(attribute.substring("key-mgmt:mikey ".length()), "parse")) {
                String line = gst.nextLine();
                assertEquals("true", GStreamerPeer.literal(line, "parsed"), media + " media: " + line + " " + gst.stderrText());
            }
        }
    }

    /**
     * Sends one forged packet (its tag altered) and then {@link #PACKETS} genuine SRTP packets of
     * the unit to GStreamer; returns the first genuine packet's payload.
     */
    private static byte[] sendUnitMedia(DatagramSocket socket, SrtpKeys keys, int port) throws Exception {
        SrtpContext send = SrtpContext.forSending(keys);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        byte[] first = null;
        for (int seq = 0; seq <= PACKETS; seq++) {
            byte[] payload = new byte[160];
            Arrays.fill(payload, (byte) (seq == 0 ? 0xEE : seq));
            byte[] packet = new byte[12 + payload.length + send.overhead()];
            ByteBuffer.wrap(packet).put((byte) 0x80).put((byte) 0).putShort((short) (1000 + seq)).putInt(seq * 160)
                    .putInt(UNIT_SSRC).put(payload);
            int length = send.protect(packet, 0, 12 + payload.length);
            assertTrue(length > 0, "protect failed: " + length);
            if (seq == 0) {
                packet[length - 1] ^= 0x01;
            } else if (first == null) {
                first = payload;
            }
            socket.send(new DatagramPacket(packet, length, to));
        }
        return first;
    }
}
