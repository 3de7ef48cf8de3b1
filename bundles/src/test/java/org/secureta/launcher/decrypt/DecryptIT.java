package org.secureta.launcher.decrypt;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secureta.launcher.UnitProfile;
import org.secureta.launcher.scenario.ProxyLab;
import org.secureta.launcher.scenario.SecureCallCapture;
import org.secureta.proxykit.Proxy;
import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.ToneDetector;

/**
 * Issue 17, end to end: a real call between two units through Kamailio, SDES then MIKEY, captured
 * with tshark on lo while the units write their TLS and SRTP key logs. {@code ta decrypt} (the
 * distribution's command) must turn every SRTP packet of the capture into RTP whose PCMU payload
 * is the tone the sender sent (caller 1000 Hz, callee 440 Hz), with 0 authentication failures,
 * from the TLS key log and, alone, from the SRTP key log; a packet tampered with afterwards is
 * counted and kept. The SRTP key log is owner-only and its keys are in no other file of the unit.
 */
class DecryptIT {

    static final Path DIST = Path.of(System.getProperty("secureta.dist", "target/secureta"));
    private static final String PSK = "8f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final Pattern STREAM = Pattern.compile("^  SRTP  SSRC (0x[0-9A-F]{8}) (\\S+) -> (\\S+): (\\S+), (\\d+) decrypted, (\\d+) auth failure\\(s\\)",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run decrypt(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DecryptCommand.run(DIST, args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("ta decrypt " + String.join(" ", args) + " -> " + code + "\n" + run.out() + run.err());
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Sdes", "Mikey"})
    void aCapturedCallDecryptsToTheTonesThatWereSent(String keyManagement) throws Exception {
        Path tshark;
        try {
            tshark = Decrypt.findTshark();
        } catch (Decrypt.MissingTshark e) {
            Assumptions.abort("DecryptIT needs tshark: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(Proxy.KAMAILIO.find().isPresent(), "DecryptIT needs Kamailio: " + Proxy.KAMAILIO.absence());
        SecureCallCapture.Result call;
        int mediaBase = SecureCallCapture.mediaBase();
        try (ProxyLab lab = ProxyLab.create(Proxy.KAMAILIO, DIST, dir, List.of("unit1", "unit2"), System.out)) {
            Map<String, UnitProfile> units = SecureCallCapture.profiles(lab, keyManagement, PSK, mediaBase);
            call = SecureCallCapture.record(lab, tshark, units, mediaBase, 50, dir.resolve("call.pcapng"), System.out);
        }
        Path plain = dir.resolve("plain.pcapng");
        List<String> args = new ArrayList<>(List.of(call.capture().toString(), "--tls-keys", call.callerTlsKeyLog().toString(),
                "--out", plain.toString()));
        if (keyManagement.equals("Mikey")) {
            args.addAll(List.of("--psk", PSK));
        }
        Run fromTls = decrypt(args.toArray(String[]::new));
        assertEquals(0, fromTls.code(), fromTls.err());
        assertTrue(fromTls.out().contains("key: " + keyManagement.toUpperCase()), fromTls.out());
        checkStreams(fromTls.out(), 0);
        checkTones(plain, mediaBase);
        assertTrue(fromTls.out().contains("RTP in clear: tshark -r " + plain + " -d udp.port=="), fromTls.out());

        // The SRTP key log alone (no TLS key log, no SDP): the caller's log has its sending and receiving keys.
        checkSrtpKeyLog(call.callerHome());
        checkSrtpKeyLog(call.calleeHome());
        Path fromKeyLog = dir.resolve("plain-srtp-keys.pcapng");
        Run srtp = decrypt(call.capture().toString(), "--srtp-keys", call.callerSrtpKeyLog().toString(), "--out", fromKeyLog.toString());
        assertEquals(0, srtp.code(), srtp.err());
        checkStreams(srtp.out(), 0);
        checkTones(fromKeyLog, mediaBase);

        // A packet altered after the call: counted, kept as captured, the others still decrypted.
        Path tampered = dir.resolve("tampered.pcapng");
        byte[] altered = tamper(call.capture(), tampered, mediaBase, 30);
        Path out = dir.resolve("plain-tampered.pcapng");
        Run withTamper = decrypt(tampered.toString(), "--srtp-keys", call.callerSrtpKeyLog().toString(), "--out", out.toString());
        assertEquals(0, withTamper.code(), withTamper.err());
        checkStreams(withTamper.out(), 1);
        assertTrue(DecryptTest.frames(out).stream().anyMatch(f -> java.util.Arrays.equals(f.data(), altered)),
                "the tampered packet is in the output as captured");

        if (keyManagement.equals("Mikey")) {
            String wrong = "00" + PSK.substring(2);
            Run wrongPsk = decrypt(call.capture().toString(), "--tls-keys", call.callerTlsKeyLog().toString(), "--psk", wrong,
                    "--out", dir.resolve("x.pcapng").toString());
            assertEquals(Decrypt.FAILED, wrongPsk.code());
            assertTrue(wrongPsk.out().contains("MAC verification failed: different pre-shared key"), wrongPsk.out());
            Run noPsk = decrypt(call.capture().toString(), "--tls-keys", call.callerTlsKeyLog().toString(), "--out", dir.resolve("y.pcapng").toString());
            assertEquals(Decrypt.FAILED, noPsk.code());
            assertTrue(noPsk.out().contains("give it with --psk HEX or --profile FILE"), noPsk.out());
        }
    }

    /** Both directions decrypted, each with {@code failures} authentication failures in all. */
    private static void checkStreams(String summary, int failures) {
        Matcher m = STREAM.matcher(summary);
        int streams = 0;
        long failed = 0;
        while (m.find()) {
            streams++;
            // A busy machine sends fewer frames than real time (the unit's sender is starved): at least a second of audio.
            assertTrue(Long.parseLong(m.group(5)) >= 25, "stream decrypted at least 25 packets: " + m.group());
            assertEquals("AES_CM_128_HMAC_SHA1_80", m.group(4));
            failed += Long.parseLong(m.group(6));
        }
        assertEquals(2, streams, summary);
        assertEquals(failures, failed, summary);
    }

    /** Every RTP packet of the output carries PCMU, and the caller's (unit1's media ports) is 1000 Hz, the callee's 440 Hz. */
    private static void checkTones(Path plain, int mediaBase) throws Exception {
        Map<Integer, ToneDetector> bySource = new LinkedHashMap<>();
        short[] samples = new short[2048];
        for (Frame f : DecryptTest.frames(plain)) {
            Optional<UdpDatagram> d = UdpDatagram.of(f.linkType(), f.data());
            if (d.isEmpty() || d.get().source().port() < mediaBase || d.get().source().port() >= mediaBase + 20) {
                continue;
            }
            byte[] rtp = d.get().payload();
            if (Decrypt.isRtcp(rtp) || (rtp[1] & 0x7F) != 0) {
                continue;
            }
            boolean caller = d.get().source().port() < mediaBase + 10;
            ToneDetector detector = bySource.computeIfAbsent(d.get().source().port(),
                    p -> new ToneDetector(caller ? SecureCallCapture.CALLER_TONE : SecureCallCapture.CALLEE_TONE));
            int count = rtp.length - 12;
            G711.PCMU.decode(rtp, 12, count, samples);
            detector.feed(samples, count);
        }
        assertEquals(2, bySource.size(), "RTP from both units' media ports: " + bySource.keySet());
        bySource.forEach((port, detector) -> {
            assertTrue(detector.frames() >= 25, port + ": " + detector.frames() + " frames");
            assertTrue(detector.toneFrames() >= detector.frames() * 9 / 10, "from port " + port + ": " + detector.toneFrames() + " of "
                    + detector.frames() + " frames carry the " + detector.frequency() + " Hz tone");
        });
    }

    /** The unit's SRTP key log is owner-only, and no key of it appears in any other file of the unit's home (its logs included). */
    private static void checkSrtpKeyLog(Path home) throws Exception {
        Path log = home.resolve("keylog/srtp-keys.log");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = Pattern.compile(" key=([0-9a-f]{32}) salt=([0-9a-f]{28})").matcher(line);
            assertTrue(m.find(), "key log line: " + line.replaceAll("key=\\S+|salt=\\S+", "..."));
            keys.add(m.group(1));
            keys.add(m.group(2));
        }
        assertTrue(keys.size() >= 4, "send and receive keys logged");
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(log)).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).toLowerCase();
                for (String key : keys) {
                    assertFalse(text.contains(key), "an SRTP key of the key log is also in " + f);
                }
            }
        }
    }

    /** Copies the capture with one payload byte of the {@code n}-th RTP packet from unit1 flipped; returns that frame. */
    private static byte[] tamper(Path capture, Path out, int mediaBase, int n) throws Exception {
        byte[] altered = null;
        int seen = 0;
        try (CaptureReader reader = CaptureReader.open(capture); PcapngWriter writer = PcapngWriter.create(out, "DecryptIT")) {
            for (Optional<Frame> f = reader.next(); f.isPresent(); f = reader.next()) {
                Frame frame = f.get();
                Optional<UdpDatagram> d = UdpDatagram.of(frame.linkType(), frame.data());
                if (d.isPresent() && d.get().source().port() >= mediaBase && d.get().source().port() < mediaBase + 10
                        && !Decrypt.isRtcp(d.get().payload()) && ++seen == n) {
                    byte[] data = frame.data().clone();
                    data[d.get().payloadOffset() + 20] ^= 0x40;
                    altered = data;
                    frame = new Frame(frame.interfaceId(), frame.linkType(), frame.timestampNanos(), frame.originalLength(), data);
                }
                writer.write(frame, reader.interfaces().get(frame.interfaceId()), null);
            }
        }
        assertNotNull(altered, "the capture has " + n + " RTP packets of unit1");
        return altered;
    }
}
