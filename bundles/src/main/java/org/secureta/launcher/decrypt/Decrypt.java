package org.secureta.launcher.decrypt;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.secureta.srtp.keylog.SrtpKeyLogEntry;

/**
 * {@code ta decrypt}: a capture of SIP over TLS and SRTP in, the same capture out with each
 * SRTP/SRTCP packet replaced by the RTP/RTCP it carries, so that Wireshark's RTP player plays the
 * audio. The keys come from the SDP of the calls (the TLS decrypted by tshark with the unit's key
 * log) or from the unit's SRTP key log; the SRTP is srtp-ta's own engine. A packet that fails
 * authentication stays as it was and is counted; every stream is summarised.
 */
public final class Decrypt {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 64;
    public static final int MISSING_TOOL = 69;

    private static final int MAX_STREAMS = 10_000;

    private Decrypt() {
    }

    /** Runs the command; called through the launcher in a class loader holding srtp-ta. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return execute(Options.parse(List.of(args)), out, err);
        } catch (UsageException e) {
            err.println("ta decrypt: " + e.getMessage());
            err.print(DecryptCommand.USAGE);
            return USAGE;
        } catch (MissingTshark e) {
            err.println("ta decrypt: " + e.getMessage());
            return MISSING_TOOL;
        } catch (DecryptException | CaptureFormatException e) {
            err.println("ta decrypt: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("ta decrypt: " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ta decrypt: interrupted");
            return FAILED;
        }
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final class MissingTshark extends Exception {
        private static final long serialVersionUID = 1L;

        MissingTshark(String message) {
            super(message);
        }
    }

    record Options(Path capture, Path output, Optional<Path> tlsKeys, Optional<Path> srtpKeys, byte[] preSharedKey) {

        static Options parse(List<String> args) throws UsageException, DecryptException {
            Path capture = null;
            Path output = null;
            Path tls = null;
            Path srtp = null;
            String psk = null;
            Path profile = null;
            List<String> rest = new ArrayList<>(args);
            while (!rest.isEmpty()) {
                String a = rest.remove(0);
                switch (a) {
                    case "--out", "--tls-keys", "--srtp-keys", "--psk", "--profile" -> {
                        if (rest.isEmpty()) {
                            throw new UsageException(a + " needs a value");
                        }
                        String v = rest.remove(0);
                        switch (a) {
                            case "--out" -> output = Path.of(v);
                            case "--tls-keys" -> tls = Path.of(v);
                            case "--srtp-keys" -> srtp = Path.of(v);
                            case "--psk" -> psk = v;
                            default -> profile = Path.of(v);
                        }
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new UsageException("unknown option " + a);
                        }
                        if (capture != null) {
                            throw new UsageException("one capture at a time (got " + capture + " and " + a + ")");
                        }
                        capture = Path.of(a);
                    }
                }
            }
            if (capture == null) {
                throw new UsageException("which capture? give CAPTURE");
            }
            if (output == null) {
                throw new UsageException("give --out PLAIN.pcapng, the capture to write");
            }
            if (tls == null && srtp == null) {
                throw new UsageException("give --tls-keys KEYLOG (keys from the SDP) or --srtp-keys FILE (the unit's SRTP key log), or both");
            }
            if (psk != null && profile != null) {
                throw new UsageException("--psk and --profile both give the pre-shared key: give one");
            }
            if (!Files.isRegularFile(capture)) {
                throw new DecryptException("no capture file " + capture);
            }
            if (output.toAbsolutePath().normalize().equals(capture.toAbsolutePath().normalize())) {
                throw new UsageException("--out must not be the capture itself");
            }
            byte[] key = new byte[0];
            if (psk != null) {
                key = hexKey(psk, "--psk");
            } else if (profile != null) {
                key = profilePreSharedKey(profile);
            }
            return new Options(capture, output, Optional.ofNullable(tls), Optional.ofNullable(srtp), key);
        }

        private static byte[] hexKey(String text, String where) throws DecryptException {
            String t = text.strip();
            if (t.isEmpty() || t.length() % 2 != 0 || !t.matches("[0-9A-Fa-f]+")) {
                throw new DecryptException(where + ": the MIKEY pre-shared key must be an even number of hexadecimal digits");
            }
            return HexFormat.of().parseHex(t);
        }

        private static byte[] profilePreSharedKey(Path profile) throws DecryptException {
            List<String> lines;
            try {
                lines = Files.readAllLines(profile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DecryptException("--profile " + profile + ": cannot read it: " + e.getMessage());
            }
            for (String line : lines) {
                String l = line.strip();
                if (l.startsWith("SecureTA.MikeyPreSharedKey=")) {
                    return hexKey(l.substring(l.indexOf('=') + 1), "--profile " + profile + " SecureTA.MikeyPreSharedKey");
                }
            }
            throw new DecryptException("--profile " + profile + " sets no SecureTA.MikeyPreSharedKey");
        }
    }

    static int execute(Options o, PrintStream out, PrintStream err) throws IOException, InterruptedException, DecryptException,
            MissingTshark, CaptureFormatException {
        List<KeyCandidate> candidates = new ArrayList<>();
        Set<Integer> mediaPorts = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        String signalling = "";
        if (o.srtpKeys().isPresent()) {
            candidates.addAll(readSrtpKeyLog(o.srtpKeys().get()));
        }
        if (o.tlsKeys().isPresent()) {
            TlsSignalling.checkKeyLog(o.tlsKeys().get());
            Path tshark = findTshark();
            TlsSignalling.Result tls = TlsSignalling.read(tshark, o.capture(), o.tlsKeys().get());
            if (tls.tlsConnections() > 0 && tls.decryptedConnections() == 0) {
                throw new DecryptException("the key log " + o.tlsKeys().get() + " decrypts none of the " + tls.tlsConnections()
                        + " TLS connection(s) of " + o.capture() + ": it holds no secret of this capture's handshakes"
                        + " (a key log of another run, or the capture misses the handshakes)");
            }
            SdpKeys sdp = new SdpKeys(o.preSharedKey());
            long withSdp = 0;
            for (SipMessage m : tls.messages()) {
                if (m.hasSdp()) {
                    withSdp++;
                    sdp.add(m);
                }
            }
            candidates.addAll(sdp.candidates());
            mediaPorts.addAll(sdp.mediaPorts());
            problems.addAll(tls.problems());
            problems.addAll(sdp.problems());
            signalling = tls.tlsConnections() + " TLS connection(s), " + tls.decryptedConnections() + " decrypted, " + tls.messages().size()
                    + " SIP message(s), " + withSdp + " with SDP";
            out.println("signalling: " + signalling);
        }
        for (String p : problems) {
            out.println("  problem: " + p);
        }
        if (candidates.isEmpty()) {
            if (o.tlsKeys().isPresent() && signalling.startsWith("0 TLS connection(s)")) {
                problems.add("the capture holds no TLS handshake: start capturing before the unit connects (its link is persistent:"
                        + " restart the unit, or give --srtp-keys)");
            }
            throw new DecryptException("no SRTP keys found"
                    + (signalling.isEmpty() ? "" : " (" + signalling + ")")
                    + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
        }
        out.println("keys: " + candidates.size() + " candidate(s): " + describe(candidates));
        return rewrite(o, candidates, mediaPorts, out, err);
    }

    private static String describe(List<KeyCandidate> candidates) {
        Map<String, Integer> byMethod = new LinkedHashMap<>();
        for (KeyCandidate c : candidates) {
            byMethod.merge(c.method(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        byMethod.forEach((k, v) -> parts.add(v + " " + k));
        return String.join(", ", parts);
    }

    static List<KeyCandidate> readSrtpKeyLog(Path file) throws DecryptException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new DecryptException("--srtp-keys " + file + ": cannot read it: " + e.getMessage());
        }
        List<KeyCandidate> out = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            SrtpKeyLogEntry entry;
            try {
                entry = SrtpKeyLogEntry.parse(line);
            } catch (IllegalArgumentException e) {
                throw new DecryptException("--srtp-keys " + file + " line " + number + ": " + e.getMessage());
            }
            OptionalInt ssrc = entry.ssrc();
            out.add(new KeyCandidate("key log", "line " + number + " (call " + entry.callId() + ", " + entry.direction().word() + ")",
                    List.of(entry.keys()), ssrc, 0));
        }
        if (out.isEmpty()) {
            throw new DecryptException("--srtp-keys " + file + " holds no SRTP_KEYS line");
        }
        return out;
    }

    private static int rewrite(Options o, List<KeyCandidate> candidates, Set<Integer> mediaPorts, PrintStream out, PrintStream err)
            throws IOException, CaptureFormatException, DecryptException {
        Map<MediaStream.Id, MediaStream> streams = new LinkedHashMap<>();
        Set<Integer> ssrcs = new LinkedHashSet<>();
        for (KeyCandidate c : candidates) {
            c.ssrc().ifPresent(ssrcs::add);
        }
        long frames = 0;
        long replaced = 0;
        long cut = 0;
        Set<String> unsupported = new TreeSet<>();
        CaptureFormatException damage = null;
        try (CaptureReader reader = CaptureReader.open(o.capture());
             PcapngWriter writer = PcapngWriter.create(o.output(), "SecureTA ta decrypt")) {
            while (true) {
                Optional<Frame> next;
                try {
                    next = reader.next();
                } catch (CaptureFormatException e) {
                    damage = e;
                    break;
                }
                if (next.isEmpty()) {
                    break;
                }
                Frame frame = next.get();
                frames++;
                CaptureInterface ifc = reader.interfaceAt(frame.interfaceId());
                String comment = null;
                if (!UdpDatagram.supported(frame.linkType())) {
                    unsupported.add(UdpDatagram.linkTypeName(frame.linkType()));
                    writer.write(frame, ifc, null);
                    continue;
                }
                Optional<UdpDatagram> udp = UdpDatagram.of(frame.linkType(), frame.data());
                if (udp.isPresent() && looksLikeSrtp(udp.get(), mediaPorts, ssrcs)) {
                    UdpDatagram d = udp.get();
                    if (!frame.complete()) {
                        cut++;
                    } else {
                        byte[] packet = d.payload();
                        boolean rtcp = isRtcp(packet);
                        int ssrc = readInt(packet, rtcp ? 4 : 8);
                        MediaStream.Id id = new MediaStream.Id(d.source(), d.destination(), ssrc, rtcp);
                        MediaStream stream = streams.get(id);
                        if (stream == null && streams.size() < MAX_STREAMS) {
                            stream = new MediaStream(id);
                            streams.put(id, stream);
                        }
                        if (stream != null) {
                            int length = stream.unprotect(packet, packet.length, candidates);
                            if (length >= 0) {
                                byte[] plain = d.withPayload(packet, length);
                                frame = new Frame(frame.interfaceId(), frame.linkType(), frame.timestampNanos(),
                                        frame.originalLength() - frame.data().length + plain.length, plain);
                                replaced++;
                            } else if (stream.key() != null) {
                                comment = "ta decrypt: SRTP" + (rtcp ? "C" : "") + " packet refused (kept as captured)";
                            }
                        }
                    }
                }
                writer.write(frame, ifc, comment);
            }
        }
        out.println("capture: " + frames + " packet(s) read, " + replaced + " SRTP/SRTCP packet(s) replaced by RTP/RTCP"
                + (cut > 0 ? ", " + cut + " media packet(s) cut by the snapshot length (kept as captured)" : ""));
        if (!unsupported.isEmpty()) {
            out.println("  problem: packets of " + String.join(", ", unsupported) + " kept as captured (link type not read)");
        }
        summary(streams.values(), out);
        out.println("wrote " + o.output() + " (owner-only: it holds the calls' audio in clear)");
        Set<Integer> rtpPorts = new TreeSet<>();
        for (MediaStream s : streams.values()) {
            if (s.decrypted() > 0 && !s.id().rtcp()) {
                rtpPorts.add(s.id().destination().port());
            }
        }
        if (!rtpPorts.isEmpty()) {
            StringBuilder command = new StringBuilder("tshark -r " + o.output());
            for (int port : rtpPorts) {
                command.append(" -d udp.port==").append(port).append(",rtp");
            }
            command.append(" -Y rtp");
            out.println("RTP in clear: " + command);
            out.println("(Wireshark: Telephony > RTP > RTP Streams > Play Streams; decode the ports above as RTP if it does not)");
        }
        if (damage != null) {
            err.println("ta decrypt: " + damage.getMessage() + "; " + o.output() + " holds the packets before it");
            return FAILED;
        }
        if (replaced == 0) {
            err.println("ta decrypt: no SRTP packet of " + o.capture() + " could be decrypted with the keys found"
                    + (streams.isEmpty() ? " (no SRTP stream on the ports the SDP announced)" : ""));
            return FAILED;
        }
        return OK;
    }

    private static void summary(java.util.Collection<MediaStream> streams, PrintStream out) {
        if (streams.isEmpty()) {
            out.println("streams: none");
            return;
        }
        out.println("streams:");
        for (MediaStream s : streams) {
            MediaStream.Id id = s.id();
            String head = String.format("  %s SSRC 0x%08X %s -> %s", id.rtcp() ? "SRTCP" : "SRTP ", id.ssrc(), id.source(), id.destination());
            if (s.key() == null) {
                out.println(head + ": no key authenticates it (" + s.unkeyed() + " packet(s) kept as captured)");
                continue;
            }
            StringBuilder line = new StringBuilder(head).append(": ").append(s.key().suite()).append(", ").append(s.decrypted())
                    .append(" decrypted, ").append(s.authenticationFailures()).append(" auth failure(s)");
            if (s.otherFailures() > 0) {
                List<String> other = new ArrayList<>();
                s.failures().forEach((f, n) -> {
                    if (f != org.secureta.srtp.crypto.SrtpFailure.AUTHENTICATION_FAILED) {
                        other.add(n + " " + f.description());
                    }
                });
                line.append(", ").append(String.join(", ", other));
            }
            if (s.unkeyed() > 0) {
                line.append(", ").append(s.unkeyed()).append(" before the key was found");
            }
            line.append("; ").append(s.rocSummary()).append("; key: ").append(s.key().method()).append(' ').append(s.key().origin());
            out.println(line);
        }
    }

    /** Version 2 (RFC 3550 5.1), long enough for a header and the shortest tag, on an announced port or with a logged SSRC. */
    private static boolean looksLikeSrtp(UdpDatagram d, Set<Integer> mediaPorts, Set<Integer> ssrcs) {
        if (d.payloadLength() < 12 + 4) {
            return false;
        }
        byte[] f = d.frame();
        int first = f[d.payloadOffset()] & 0xFF;
        if (first >>> 6 != 2) {
            return false;
        }
        if (mediaPorts.contains(d.destination().port()) || mediaPorts.contains(d.source().port())) {
            return true;
        }
        if (mediaPorts.isEmpty()) {
            return true; // only a key log: every RTP-looking datagram is tried, the key's tag decides
        }
        boolean rtcp = isRtcp(d.payload());
        return ssrcs.contains(readInt(f, d.payloadOffset() + (rtcp ? 4 : 8)));
    }

    /** RFC 5761 4: an RTCP packet type (192..223) where RTP would have marker and payload type. */
    static boolean isRtcp(byte[] packet) {
        int type = packet[1] & 0xFF;
        return type >= 192 && type <= 223;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    static Path findTshark() throws MissingTshark {
        List<Path> places = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    places.add(Path.of(dir));
                }
            }
        }
        places.addAll(List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/bin")));
        String override = System.getProperty("secureta.tshark");
        if (override != null) {
            places = List.of();
            Path p = Path.of(override);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (Path dir : places) {
            Path candidate = dir.resolve("tshark");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new MissingTshark("--tls-keys needs tshark to decrypt the TLS, and tshark is not installed (looked on the PATH and in"
                + " /usr/bin, /usr/sbin, /usr/local/bin); install it with: apt-get install tshark (or use --srtp-keys FILE)");
    }
}
