package org.secureta.launcher.decrypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secureta.srtp.keylog.SrtpKeyLogEntry;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;
import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.ToneDetector;

/**
 * {@code ta decrypt} on captures built here: SRTP of a known tone behind each link type a capture
 * comes in, keyed by an SRTP key log. The output must hold RTP whose PCMU payload is the tone,
 * with IP/UDP lengths and checksums right, and a tampered packet kept as captured and counted.
 */
class DecryptTest {

    private static final SrtpKeys KEYS = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
            HexFormat.of().parseHex("e1f97a0d3e018be0d64fa32c06de4139"), HexFormat.of().parseHex("0ec675ad498afeebb6960b3aabe6"), new byte[0]);
    private static final int SSRC = 0x1234ABCD;
    private static final double TONE = 440.0;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run decrypt(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Decrypt.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path keyLog(OptionalInt ssrc) throws Exception {
        Path file = dir.resolve("srtp-keys.log");
        Files.writeString(file, new SrtpKeyLogEntry("call-1@lab", SrtpKeyLogEntry.Direction.SEND, ssrc, KEYS).line() + "\n");
        return file;
    }

    /** The frames of a capture, read back with the reader under test. */
    static List<Frame> frames(Path capture) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            for (Optional<Frame> f = reader.next(); f.isPresent(); f = reader.next()) {
                frames.add(f.get());
            }
        }
        return frames;
    }

    @ParameterizedTest(name = "link type {0}")
    @ValueSource(ints = {UdpDatagram.ETHERNET, UdpDatagram.LINUX_SLL, UdpDatagram.LINUX_SLL2, UdpDatagram.RAW, UdpDatagram.NULL})
    void theOutputCarriesTheToneAndATamperedPacketIsKeptAndCounted(int linkType) throws Exception {
        SyntheticCall call = new SyntheticCall(linkType, KEYS, SSRC, TONE, 50, 100);
        byte[] tampered = call.frames.get(20).clone();
        tampered[tampered.length - 30] ^= 0x01; // a payload byte: the tag no longer matches
        List<byte[]> frames = new ArrayList<>(call.frames);
        frames.set(20, tampered);
        Path capture = dir.resolve("call.pcap");
        Files.write(capture, SyntheticCall.pcap(linkType, frames));
        Path output = dir.resolve("plain.pcapng");

        Run run = decrypt(capture.toString(), "--srtp-keys", keyLog(OptionalInt.empty()).toString(), "--out", output.toString());

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("SSRC 0x1234ABCD 127.0.0.1:40000 -> 127.0.0.1:40002: AES_CM_128_HMAC_SHA1_80, 49 decrypted, 1 auth failure(s)"),
                run.out());
        assertTrue(run.out().contains("no sequence wrap"), run.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(output)));
        List<Frame> written = frames(output);
        assertEquals(50, written.size());
        ToneDetector detector = new ToneDetector(TONE);
        short[] samples = new short[SyntheticCall.SAMPLES];
        for (int i = 0; i < 50; i++) {
            Frame f = written.get(i);
            assertEquals(linkType, f.linkType());
            if (i == 20) {
                assertArrayEquals(tampered, f.data(), "the tampered packet is kept as captured");
                continue;
            }
            UdpDatagram d = UdpDatagram.of(linkType, f.data()).orElseThrow();
            byte[] rtp = d.payload();
            assertArrayEquals(call.plainRtp.get(i), rtp, "packet " + i + " is the RTP that was protected");
            G711.PCMU.decode(rtp, 12, SyntheticCall.SAMPLES, samples);
            assertTrue(detector.feed(samples, SyntheticCall.SAMPLES), "packet " + i + " carries the " + TONE + " Hz tone");
        }
        assertEquals(49, detector.toneFrames());
        checkedByTshark(output);
    }

    /** tshark, when installed, finds the lengths and checksums of the rewritten packets right and reads them as RTP. */
    private static void checkedByTshark(Path output) throws Exception {
        Optional<Path> tshark;
        try {
            tshark = Optional.of(Decrypt.findTshark());
        } catch (Decrypt.MissingTshark e) {
            System.out.println("DecryptTest: tshark not installed, the output is not cross-checked with it: " + e.getMessage());
            return;
        }
        Process p = new ProcessBuilder(tshark.get().toString(), "-n", "-r", output.toString(), "-o", "udp.check_checksum:TRUE",
                "-o", "ip.check_checksum:TRUE", "-d", "udp.port==" + SyntheticCall.DST_PORT + ",rtp",
                "-T", "fields", "-e", "rtp.ssrc", "-e", "udp.checksum.status", "-e", "ip.checksum.status", "-e", "_ws.malformed")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
        assertEquals(50, lines.size(), String.join("\n", lines));
        // The 49 rewritten packets: RTP with good UDP and IPv4 checksums (status 1). The kept SRTP packet is as this
        // test built it (no UDP checksum, IPv4 checksum left 0), which is not the decrypter's doing.
        long good = lines.stream().filter(l -> l.startsWith("0x1234abcd\t1\t1")).count();
        assertEquals(49, good, String.join("\n", lines));
    }

    @Test
    void theRolloverIsFollowedAcrossASequenceWrap() throws Exception {
        SyntheticCall call = new SyntheticCall(UdpDatagram.RAW, KEYS, SSRC, TONE, 40, 65520);
        Path capture = dir.resolve("wrap.pcap");
        Files.write(capture, SyntheticCall.pcap(UdpDatagram.RAW, call.frames));
        Run run = decrypt(capture.toString(), "--srtp-keys", keyLog(OptionalInt.of(SSRC)).toString(), "--out", dir.resolve("o.pcapng").toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("40 decrypted, 0 auth failure(s); ROC 0 to 1 (1 sequence wrap(s) followed)"), run.out());
    }

    @Test
    void aCutShortCaptureIsAClearErrorAndThePacketsBeforeAreWritten() throws Exception {
        SyntheticCall call = new SyntheticCall(UdpDatagram.ETHERNET, KEYS, SSRC, TONE, 10, 1);
        byte[] whole = SyntheticCall.pcap(UdpDatagram.ETHERNET, call.frames);
        Path capture = dir.resolve("cut.pcap");
        Files.write(capture, java.util.Arrays.copyOf(whole, whole.length - 7));
        Path output = dir.resolve("o.pcapng");
        Run run = decrypt(capture.toString(), "--srtp-keys", keyLog(OptionalInt.empty()).toString(), "--out", output.toString());
        assertEquals(Decrypt.FAILED, run.code());
        assertTrue(run.err().contains("is cut short") && run.err().contains("9 complete packet(s) before it"), run.err());
        assertEquals(9, frames(output).size());
    }

    @Test
    void badInputsAreNamed() throws Exception {
        Path garbage = dir.resolve("garbage.pcap");
        Files.writeString(garbage, "this is not a capture at all");
        Path keys = keyLog(OptionalInt.empty());
        Path out = dir.resolve("o.pcapng");
        Run notCapture = decrypt(garbage.toString(), "--srtp-keys", keys.toString(), "--out", out.toString());
        assertEquals(Decrypt.FAILED, notCapture.code());
        assertTrue(notCapture.err().contains("is neither pcap nor pcapng"), notCapture.err());

        Path capture = dir.resolve("call.pcap");
        Files.write(capture, SyntheticCall.pcap(UdpDatagram.RAW, new SyntheticCall(UdpDatagram.RAW, KEYS, SSRC, TONE, 5, 1).frames));
        Path notKeyLog = dir.resolve("tls-keys.log");
        Files.writeString(notKeyLog, "hello\nworld\n");
        Run wrongTls = decrypt(capture.toString(), "--tls-keys", notKeyLog.toString(), "--out", out.toString());
        assertEquals(Decrypt.FAILED, wrongTls.code());
        assertTrue(wrongTls.err().contains("is not a TLS key log"), wrongTls.err());

        Path badSrtp = dir.resolve("bad-srtp.log");
        Files.writeString(badSrtp, "# comment\nSRTP_KEYS call=x direction=up ssrc=any\n");
        Run badLine = decrypt(capture.toString(), "--srtp-keys", badSrtp.toString(), "--out", out.toString());
        assertEquals(Decrypt.FAILED, badLine.code());
        assertTrue(badLine.err().contains("line 2: direction= must be send or receive"), badLine.err());

        SrtpKeys other = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[14], new byte[0]);
        Path wrongKey = dir.resolve("wrong-srtp.log");
        Files.writeString(wrongKey, new SrtpKeyLogEntry("c", SrtpKeyLogEntry.Direction.SEND, OptionalInt.empty(), other).line() + "\n");
        Run noMatch = decrypt(capture.toString(), "--srtp-keys", wrongKey.toString(), "--out", out.toString());
        assertEquals(Decrypt.FAILED, noMatch.code());
        assertTrue(noMatch.out().contains("no key authenticates it (5 packet(s) kept as captured)"), noMatch.out());

        assertEquals(Decrypt.USAGE, decrypt(capture.toString(), "--srtp-keys", keys.toString()).code());
        assertEquals(Decrypt.USAGE, decrypt(capture.toString(), "--out", out.toString()).code());
        Run badPsk = decrypt(capture.toString(), "--srtp-keys", keys.toString(), "--psk", "xyz", "--out", out.toString());
        assertEquals(Decrypt.FAILED, badPsk.code());
        assertTrue(badPsk.err().contains("hexadecimal"), badPsk.err());
    }

    @Test
    void garbageSdpAndBadMikeyAreProblemsOfTheirMessage() {
        SdpKeys keys = new SdpKeys(new byte[0]);
        keys.add(new SipMessage("INVITE sip:200@lab SIP/2.0", Map.of("call-id", "c1", "content-type", "application/sdp"),
                "v=0\r\nthis is no sdp\r\n".getBytes(StandardCharsets.UTF_8), "test"));
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\na=key-mgmt:mikey AQID####\r\n"
                + "m=audio 40000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:tooShort\r\n";
        keys.add(new SipMessage("SIP/2.0 200 OK", Map.of("call-id", "c2", "cseq", "1 INVITE", "content-type", "application/sdp"),
                sdp.getBytes(StandardCharsets.UTF_8), "test"));
        List<String> problems = keys.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("the SDP of INVITE of call c1 cannot be read"), problems.get(0));
        assertTrue(problems.get(1).contains("session-level key-mgmt of 200 OK (INVITE) of call c2") && problems.get(1).contains("base64"),
                problems.get(1));
        assertTrue(problems.get(2).contains("a=crypto of m=audio 127.0.0.1:40000"), problems.get(2));
        assertTrue(keys.candidates().isEmpty());
        assertEquals(java.util.Set.of(40000, 40001), keys.mediaPorts());
    }

    @Test
    void followOutputIsSplitIntoSipMessages() {
        String invite = "INVITE sip:a@b SIP/2.0\r\nCall-ID: x1\r\nl: 5\r\n\r\nhello\r\n\r\n";
        String ok = "SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\ni: x1\r\nContent-Length: 0\r\n\r\n";
        String follow = "\n===\nFollow: tls,raw\nFilter: tcp.stream eq 3\nNode 0: 127.0.0.1:5061\nNode 1: :0\n"
                + HexFormat.of().formatHex(invite.getBytes(StandardCharsets.UTF_8)) + "\n\t"
                + HexFormat.of().formatHex(ok.getBytes(StandardCharsets.UTF_8)) + "\n===\n";
        Map<String, byte[]> directions = TlsSignalling.parseFollow(follow);
        assertEquals(2, directions.size());
        List<String> problems = new ArrayList<>();
        List<SipMessage> messages = new ArrayList<>();
        directions.forEach((k, v) -> messages.addAll(SipMessage.split(v, k, problems)));
        assertEquals(List.of(), problems);
        assertEquals(2, messages.size());
        assertEquals("hello", new String(messages.get(0).body(), StandardCharsets.UTF_8));
        assertEquals("x1", messages.get(1).callId());
        assertEquals("200 OK (INVITE)", messages.get(1).label());
    }
}
