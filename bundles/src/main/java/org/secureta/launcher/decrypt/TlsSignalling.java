package org.secureta.launcher.decrypt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The SIP messages of a capture's TLS connections, decrypted by tshark with an NSS key log: tshark
 * lists the TCP streams that start a TLS handshake, then follows each one ({@code -z
 * follow,tls,raw}), which gives the decrypted bytes of both directions; {@link SipMessage#split}
 * frames them. tshark does the TLS (every version and suite it knows), so this tool carries no
 * TLS decryption of its own.
 */
final class TlsSignalling {

    /** NSS key log lines (the format of SSLKEYLOGFILE): a label, the client random, a secret. */
    private static final Pattern KEY_LOG_LINE = Pattern.compile(
            "(CLIENT_RANDOM|RSA|CLIENT_EARLY_TRAFFIC_SECRET|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET"
                    + "|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EARLY_EXPORTER_SECRET|EXPORTER_SECRET) [0-9A-Fa-f]+ [0-9A-Fa-f]+");
    /** Connections followed per tshark run: keeps the command line short. */
    private static final int STREAMS_PER_RUN = 64;
    private static final int MAX_STREAMS = 4096;
    private static final long MAX_DECRYPTED = 256L * 1024 * 1024;
    private static final long TSHARK_TIMEOUT_SECONDS = 600;

    record Result(List<SipMessage> messages, int tlsConnections, int decryptedConnections, List<String> problems) {
    }

    private TlsSignalling() {
    }

    static void checkKeyLog(Path keyLog) throws DecryptException {
        if (!Files.isRegularFile(keyLog) || !Files.isReadable(keyLog)) {
            throw new DecryptException("--tls-keys " + keyLog + ": no such readable file");
        }
        long lines;
        try (var stream = Files.lines(keyLog, StandardCharsets.ISO_8859_1)) {
            lines = stream.map(String::strip).filter(l -> KEY_LOG_LINE.matcher(l).matches()).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DecryptException("--tls-keys " + keyLog + ": cannot read it: " + e.getMessage());
        }
        if (lines == 0) {
            throw new DecryptException("--tls-keys " + keyLog + " is not a TLS key log: no line in NSS key log format"
                    + " (CLIENT_RANDOM ... or *_TRAFFIC_SECRET ...), as SecureTA.TlsKeyLogEnable writes to HOME/keylog/tls-keys.log");
        }
    }

    static Result read(Path tshark, Path capture, Path keyLog) throws DecryptException, IOException, InterruptedException {
        checkKeyLog(keyLog);
        String keyLogOption = "tls.keylog_file:" + keyLog.toAbsolutePath();
        List<String> list = List.of(tshark.toString(), "-n", "-r", capture.toString(), "-o", keyLogOption,
                "-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "tcp.stream");
        Run streams = run(list);
        TreeSet<Integer> ids = new TreeSet<>();
        for (String line : streams.out().split("\n")) {
            if (line.strip().matches("\\d+")) {
                ids.add(Integer.parseInt(line.strip()));
            }
        }
        if (ids.isEmpty() && streams.exit() != 0) {
            throw new DecryptException("tshark could not read " + capture + ": " + streams.err());
        }
        if (ids.size() > MAX_STREAMS) {
            throw new DecryptException(capture + " has " + ids.size() + " TLS connections; at most " + MAX_STREAMS + " are followed");
        }
        List<SipMessage> messages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int decrypted = 0;
        long total = 0;
        List<Integer> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += STREAMS_PER_RUN) {
            List<String> follow = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", capture.toString(), "-o", keyLogOption, "-q"));
            for (int id : all.subList(from, Math.min(all.size(), from + STREAMS_PER_RUN))) {
                follow.add("-z");
                follow.add("follow,tls,raw," + id);
            }
            Run run = run(follow);
            for (Map.Entry<String, byte[]> direction : parseFollow(run.out()).entrySet()) {
                total += direction.getValue().length;
                if (total > MAX_DECRYPTED) {
                    throw new DecryptException(capture + ": more than " + MAX_DECRYPTED / (1024 * 1024) + " MiB of decrypted TLS; split the capture");
                }
                messages.addAll(SipMessage.split(direction.getValue(), direction.getKey(), problems));
            }
            decrypted += countDecryptedStreams(run.out());
        }
        return new Result(messages, ids.size(), decrypted, problems);
    }

    /**
     * tshark's follow output: per stream a block with "Filter: tcp.stream eq N", "Node 0/1" lines,
     * then hex lines, those of node 1's direction indented by a tab. One entry per stream and
     * direction that carried decrypted data, in order.
     */
    static Map<String, byte[]> parseFollow(String text) {
        Map<String, ByteArrayOutputStream> out = new LinkedHashMap<>();
        String stream = "?";
        String node0 = "node 0";
        String node1 = "node 1";
        HexFormat hex = HexFormat.of();
        for (String line : text.split("\n")) {
            if (line.startsWith("Filter: tcp.stream eq ")) {
                stream = line.substring("Filter: tcp.stream eq ".length()).strip();
                node0 = "node 0";
                node1 = "node 1";
            } else if (line.startsWith("Node 0: ")) {
                node0 = line.substring(8).strip();
            } else if (line.startsWith("Node 1: ")) {
                node1 = line.substring(8).strip();
            } else if (!line.isBlank() && line.strip().matches("[0-9a-fA-F]+") && line.strip().length() % 2 == 0) {
                boolean fromNode1 = line.startsWith("\t");
                String key = "TLS connection " + stream + " (tcp.stream " + stream + "), from " + (fromNode1 ? node1 : node0);
                out.computeIfAbsent(key, k -> new ByteArrayOutputStream()).writeBytes(hex.parseHex(line.strip()));
            }
        }
        Map<String, byte[]> result = new LinkedHashMap<>();
        out.forEach((k, v) -> result.put(k, v.toByteArray()));
        return result;
    }

    private static int countDecryptedStreams(String text) {
        TreeSet<String> streams = new TreeSet<>();
        String stream = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Filter: tcp.stream eq ")) {
                stream = line.substring("Filter: tcp.stream eq ".length()).strip();
            } else if (stream != null && !line.isBlank() && line.strip().matches("[0-9a-fA-F]+")) {
                streams.add(stream);
            }
        }
        return streams.size();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException, DecryptException {
        Path errFile = Files.createTempFile("ta-decrypt-tshark", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TSHARK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DecryptException("tshark did not finish within " + TSHARK_TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            // tshark says on standard error that it runs as root: not a problem worth showing.
            String err = Files.readAllLines(errFile).stream().filter(l -> !l.startsWith("Running as user")).reduce((a, b) -> a + " " + b)
                    .orElse("").strip();
            return new Run(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1), err);
        } finally {
            Files.deleteIfExists(errFile);
        }
    }
}
