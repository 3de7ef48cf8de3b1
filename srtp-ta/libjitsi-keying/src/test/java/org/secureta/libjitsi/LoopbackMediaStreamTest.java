package org.secureta.libjitsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import org.jitsi.impl.neomedia.device.AudioSilenceMediaDevice;
import org.jitsi.impl.neomedia.transform.PacketTransformer;
import org.jitsi.impl.neomedia.transform.SinglePacketTransformer;
import org.jitsi.impl.neomedia.transform.TransformEngine;
import org.jitsi.service.libjitsi.LibJitsi;
import org.jitsi.service.neomedia.RawPacket;
import org.jitsi.service.neomedia.DefaultStreamConnector;
import org.jitsi.service.neomedia.MediaDirection;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.MediaStreamTarget;
import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.service.neomedia.event.SrtpListener;
import org.jitsi.utils.MediaType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.mikey.MikeyKeyManagement;
import org.secureta.srtp.sdes.SdesKeyManagement;

/**
 * Two real libjitsi MediaStreams on loopback UDP (free ports), keyed by our controls: each side's
 * SRTP must authenticate and decrypt what the other sends, with no authentication failure.
 */
class LoopbackMediaStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** 50 packets of 20 ms: one second of audio each way. */
    private static final long PACKETS = 50;

    private static MediaService media;
    private final List<MediaStream> streams = new ArrayList<>();

    @BeforeAll
    static void startLibJitsi() {
        // Headless: the native audio systems off (PortAudio can kill the JVM, interop-notes.md), video off;
        // DISABLE_AUDIO_SUPPORT would also drop the audio codecs, and no stream could encode.
        LibJitsiHeadless.configure();
        LibJitsi.start();
        media = LibJitsi.getMediaService();
    }

    @AfterAll
    static void stopLibJitsi() {
        LibJitsi.stop();
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(MediaStream::close);
    }

    private static MikeyKeyManagement mikey() {
        // MIKEY-PSK (RFC 3830 5.1): the KEMAC is protected, so the keying may travel over plain UDP signalling.
        return new MikeyKeyManagement(Map.of(MikeyKeyManagement.PRE_SHARED_KEY_PROPERTY, "00112233445566778899aabbccddeeff"));
    }

    @Test
    void mikeyKeyedStreamsExchangeDecryptedAudio() throws Exception {
        KeyManagement mikeyA = mikey();
        KeyManagement mikeyB = mikey();
        KeyingSrtpControl offerer = KeyingSrtpControl.of(mikeyA, List.of(mikeyA, new SdesKeyManagement()));
        KeyingSrtpControl answerer = KeyingSrtpControl.of(mikeyB, List.of(mikeyB, new SdesKeyManagement()));
        exchangeAudio(offerer, answerer, false);
    }

    @Test
    void sdesKeyedStreamsExchangeDecryptedAudio() throws Exception {
        KeyManagement sdes = new SdesKeyManagement();
        KeyingSrtpControl offerer = KeyingSrtpControl.of(sdes, List.of(sdes, mikey()));
        KeyingSrtpControl answerer = KeyingSrtpControl.of(sdes, List.of(sdes, mikey()));
        exchangeAudio(offerer, answerer, true);
    }

    private void exchangeAudio(KeyingSrtpControl offerer, KeyingSrtpControl answerer, boolean tls) throws Exception {
        RecordingListener heardA = new RecordingListener();
        RecordingListener heardB = new RecordingListener();
        offerer.setSrtpListener(heardA);
        answerer.setSrtpListener(heardB);
        offerer.setSignallingSecure(tls);
        answerer.setSignallingSecure(tls);

        DatagramSocket[] a = sockets();
        DatagramSocket[] b = sockets();
        MediaStream streamA = stream(a, b, offerer);
        MediaStream streamB = stream(b, a, answerer);

        // The SDP exchange, as a SIP dialog would carry it.
        SdpKeying offer = offerer.offer();
        SdpKeying answer = answerer.answer(offer);
        offerer.acceptAnswer(answer);
        // As for libjitsi's own SDES control, the application starts the control once keyed (libjitsi's streams do not).
        offerer.start(MediaType.AUDIO);
        answerer.start(MediaType.AUDIO);
        AudioTap tapA = new AudioTap();
        AudioTap tapB = new AudioTap();
        streamA.setExternalTransformer(tapA);
        streamB.setExternalTransformer(tapB);
        streamA.start();
        streamB.start();

        // Audio each way through the streams' whole send chain (our SRTP included), one packet per 20 ms.
        List<byte[]> sentByA = send(streamA, 0x1111);
        List<byte[]> sentByB = send(streamB, 0x2222);

        await("offerer authenticates the answerer's SRTP", offerer::packetsDecrypted);
        await("answerer authenticates the offerer's SRTP", answerer::packetsDecrypted);
        await("answerer hears the offerer's audio", () -> tapB.payloads.size());
        await("offerer hears the answerer's audio", () -> tapA.payloads.size());
        assertPayloads(sentByA, tapB.payloads);
        assertPayloads(sentByB, tapA.payloads);
        assertEquals(0, offerer.authenticationFailures(), "offerer: SRTP authentication failures");
        assertEquals(0, answerer.authenticationFailures(), "answerer: SRTP authentication failures");
        assertTrue(offerer.getSecureCommunicationStatus() && answerer.getSecureCommunicationStatus());
        assertEquals(List.of("on audio AES_CM_128_HMAC_SHA1_80"), heardA.events);
        assertEquals(List.of("on audio AES_CM_128_HMAC_SHA1_80"), heardB.events);
    }

    @Test
    void streamsWithDifferentKeysRejectEveryPacket() throws Exception {
        // Two independent SDES exchanges: each side sends with keys the other never agreed.
        KeyManagement sdes = new SdesKeyManagement();
        KeyingSrtpControl a = KeyingSrtpControl.of(sdes, List.of(sdes));
        KeyingSrtpControl b = KeyingSrtpControl.of(sdes, List.of(sdes));
        a.setSignallingSecure(true);
        b.setSignallingSecure(true);
        KeyingSrtpControl a2 = KeyingSrtpControl.of(sdes, List.of(sdes));
        KeyingSrtpControl b2 = KeyingSrtpControl.of(sdes, List.of(sdes));
        a2.setSignallingSecure(true);
        b2.setSignallingSecure(true);
        a.acceptAnswer(b2.answer(a.offer()));
        a2.acceptAnswer(b.answer(a2.offer()));

        DatagramSocket[] sa = sockets();
        DatagramSocket[] sb = sockets();
        MediaStream streamA = stream(sa, sb, a);
        MediaStream streamB = stream(sb, sa, b);
        streamA.start();
        streamB.start();
        send(streamA, 0x1111);
        send(streamB, 0x2222);

        await("A refuses B's packets", a::authenticationFailures);
        await("B refuses A's packets", b::authenticationFailures);
        assertEquals(0, a.packetsDecrypted());
        assertEquals(0, b.packetsDecrypted());
    }

    @Test
    void mikeyControlRefusesAnSdesOfferWithD3A2() throws Exception {
        KeyManagement sdes = new SdesKeyManagement();
        KeyManagement mikey = mikey();
        KeyingSrtpControl sdesOfferer = KeyingSrtpControl.of(sdes, List.of(sdes, mikey));
        sdesOfferer.setSignallingSecure(true);
        KeyingSrtpControl mikeyAnswerer = KeyingSrtpControl.of(mikey, List.of(sdes, mikey));
        mikeyAnswerer.setSignallingSecure(true);
        RecordingListener heard = new RecordingListener();
        mikeyAnswerer.setSrtpListener(heard);

        KeyManagementException e = assertThrows(KeyManagementException.class, () -> mikeyAnswerer.answer(sdesOfferer.offer()));
        assertTrue(e.getMessage().startsWith("D3A2 Received the wrong key management protocol. Secure stream disabled."), e.getMessage());
        assertEquals(List.of("message 3 D3A2 Received the wrong key management protocol. Secure stream disabled."), heard.events);
        assertFalse(mikeyAnswerer.getSecureCommunicationStatus());
    }

    @Test
    void sdesControlRefusesAMikeyOfferWithD3A2() throws Exception {
        KeyManagement sdes = new SdesKeyManagement();
        KeyManagement mikey = mikey();
        KeyingSrtpControl mikeyOfferer = KeyingSrtpControl.of(mikey, List.of(sdes, mikey));
        KeyingSrtpControl sdesAnswerer = KeyingSrtpControl.of(sdes, List.of(sdes, mikey));
        sdesAnswerer.setSignallingSecure(true);
        RecordingListener heard = new RecordingListener();
        sdesAnswerer.setSrtpListener(heard);

        KeyManagementException e = assertThrows(KeyManagementException.class, () -> sdesAnswerer.answer(mikeyOfferer.offer()));
        assertTrue(e.getMessage().startsWith("D3A2 "), e.getMessage());
        assertEquals(1, heard.events.size());
        assertFalse(sdesAnswerer.getSecureCommunicationStatus());
    }

    @Test
    void mikeyWithoutPreSharedKeyKeysOverTlsWithAnEmptyAnswer() throws Exception {
        // NULL KEMAC (RFC 3830 5.2): allowed over TLS only; no verification asked, so the answer carries no key-mgmt.
        KeyManagement mikey = new MikeyKeyManagement(Map.of());
        KeyingSrtpControl offerer = KeyingSrtpControl.of(mikey, List.of(mikey));
        KeyingSrtpControl answerer = KeyingSrtpControl.of(mikey, List.of(mikey));
        offerer.setSignallingSecure(true);
        answerer.setSignallingSecure(true);
        offerer.acceptAnswer(answerer.answer(offerer.offer()));
        assertTrue(offerer.getSecureCommunicationStatus() && answerer.getSecureCommunicationStatus());
    }

    @Test
    void anOfferWithoutAnyKeyingIsRefusedByName() {
        KeyManagement mikey = mikey();
        KeyingSrtpControl answerer = KeyingSrtpControl.of(mikey, List.of(mikey, new SdesKeyManagement()));
        KeyManagementException e = assertThrows(KeyManagementException.class, () -> answerer.answer(SdpKeying.empty(1)));
        assertEquals("the SDP offer carries no Mikey keying", e.getMessage());
    }

    @Test
    void sdesRefusesToKeyOverInsecureSignalling() {
        KeyManagement sdes = new SdesKeyManagement();
        KeyingSrtpControl control = KeyingSrtpControl.of(sdes, List.of(sdes));
        KeyManagementException e = assertThrows(KeyManagementException.class, control::offer);
        assertTrue(e.getMessage().contains("RFC 4568 8.3"), e.getMessage());
    }

    /** {@link #PACKETS} RTP packets of PCMU (PT 0, RFC 3551) carrying a distinct pattern each. */
    private static List<byte[]> send(MediaStream stream, int ssrc) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++) {
            byte[] packet = new byte[12 + 160];
            packet[0] = (byte) 0x80;
            packet[2] = (byte) (i >> 8);
            packet[3] = (byte) i;
            int timestamp = i * 160;
            packet[4] = (byte) (timestamp >> 24);
            packet[5] = (byte) (timestamp >> 16);
            packet[6] = (byte) (timestamp >> 8);
            packet[7] = (byte) timestamp;
            packet[8] = (byte) (ssrc >> 24);
            packet[9] = (byte) (ssrc >> 16);
            packet[10] = (byte) (ssrc >> 8);
            packet[11] = (byte) ssrc;
            byte[] payload = new byte[160];
            for (int j = 0; j < payload.length; j++) {
                payload[j] = (byte) (i * 7 + j + ssrc);
            }
            System.arraycopy(payload, 0, packet, 12, payload.length);
            payloads.add(payload);
            try {
                stream.injectPacket(new RawPacket(packet, 0, packet.length), true, null);
            } catch (org.jitsi.service.neomedia.TransmissionFailedException e) {
                throw new AssertionError("libjitsi could not send packet " + i, e);
            }
            Thread.sleep(20); // the media clock: one 20 ms PCMU frame per packet
        }
        return payloads;
    }

    private static void assertPayloads(List<byte[]> sent, List<byte[]> received) {
        List<String> expected = sent.stream().map(java.util.HexFormat.of()::formatHex).toList();
        List<String> got = received.stream().map(java.util.HexFormat.of()::formatHex).toList();
        assertEquals(expected, got.subList(0, expected.size()), "decrypted audio differs from what was sent");
    }

    /** Sits on the application side of SRTP: sees what the stream decrypted. */
    private static final class AudioTap implements TransformEngine {
        final List<byte[]> payloads = new CopyOnWriteArrayList<>();
        private final SinglePacketTransformer rtp = new SinglePacketTransformer() {
            @Override
            public RawPacket transform(RawPacket packet) {
                return packet;
            }

            @Override
            public RawPacket reverseTransform(RawPacket packet) {
                if (packet.getPayloadType() == 0) {
                    payloads.add(java.util.Arrays.copyOfRange(packet.getBuffer(), packet.getPayloadOffset(),
                            packet.getPayloadOffset() + packet.getPayloadLength()));
                }
                return packet;
            }
        };

        @Override
        public PacketTransformer getRTPTransformer() {
            return rtp;
        }

        @Override
        public PacketTransformer getRTCPTransformer() {
            return null;
        }
    }

    private MediaStream stream(DatagramSocket[] local, DatagramSocket[] remote, SrtpControl control) {
        MediaStream stream = media.createMediaStream(new DefaultStreamConnector(local[0], local[1]), new AudioSilenceMediaDevice(), control);
        streams.add(stream);
        stream.setFormat(media.getFormatFactory().createMediaFormat("PCMU", 8000));
        stream.setDirection(MediaDirection.SENDRECV);
        stream.setTarget(new MediaStreamTarget((InetSocketAddress) remote[0].getLocalSocketAddress(),
                (InetSocketAddress) remote[1].getLocalSocketAddress()));
        return stream;
    }

    private static DatagramSocket[] sockets() throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new DatagramSocket[] {new DatagramSocket(0, loopback), new DatagramSocket(0, loopback)};
    }

    /** Waits until the counter reaches {@link #PACKETS}, failing after {@link #WAIT}. */
    private static void await(String what, LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counter.getAsLong() < PACKETS) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": only " + counter.getAsLong() + " packets in " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    private static final class RecordingListener implements SrtpListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void securityTurnedOn(MediaType mediaType, String cipher, SrtpControl sender) {
            events.add("on " + mediaType + " " + cipher);
        }

        @Override
        public void securityTurnedOff(MediaType mediaType) {
            events.add("off " + mediaType);
        }

        @Override
        public void securityMessageReceived(String message, String i18nMessage, int severity) {
            events.add("message " + severity + " " + message);
        }

        @Override
        public void securityTimeout(MediaType mediaType) {
            events.add("timeout " + mediaType);
        }

        @Override
        public void securityNegotiationStarted(MediaType mediaType, SrtpControl sender) {
            events.add("started " + mediaType);
        }
    }
}
