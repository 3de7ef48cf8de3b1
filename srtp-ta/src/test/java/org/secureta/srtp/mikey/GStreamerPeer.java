package org.secureta.srtp.mikey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real GStreamer (Debian gstreamer1.0-plugins-bad's srtpenc/srtpdec, GstSdp's MIKEY through
 * GI) as a peer: src/test/python/gst_mikey_peer.py under /usr/bin/python3, always under
 * coreutils' {@code timeout} and a Java-side deadline. It prints one JSON object per line.
 */
public final class GStreamerPeer implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path TIMEOUT = Path.of("/usr/bin/timeout");
    static final Path SCRIPT = Path.of("src/test/python/gst_mikey_peer.py").toAbsolutePath();
    static final int TIMEOUT_SECONDS = 40;
    public static final String NOT_INSTALLED = "GStreamer interop skipped: needs /usr/bin/python3 with python3-gi, "
            + "gir1.2-gst-plugins-base-1.0 (GstSdp) and srtpenc/srtpdec (gstreamer1.0-plugins-bad); scripts/install-test-deps installs them";

    private static Boolean available;

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final Path stderr;

    private GStreamerPeer(Process process, Path stderr) {
        this.process = process;
        this.in = process.getOutputStream();
        this.stderr = stderr;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Whether GStreamer with the MIKEY bindings and the SRTP elements can run here (probed once). */
    public static synchronized boolean available() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    private static boolean probe() {
        if (!Files.isExecutable(PYTHON) || !Files.isExecutable(TIMEOUT) || !Files.isRegularFile(SCRIPT)) {
            return false;
        }
        String check = "import gi; gi.require_version('Gst','1.0'); gi.require_version('GstSdp','1.0');"
                + "from gi.repository import Gst, GstSdp; Gst.init(None);"
                + "import sys; sys.exit(0 if Gst.ElementFactory.find('srtpenc') and Gst.ElementFactory.find('srtpdec') else 1)";
        try {
            Process p = new ProcessBuilder(TIMEOUT.toString(), "20", PYTHON.toString(), "-c", check)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts the script in {@code mode} with {@code args}; {@code stdin}, when not null, is written
     * and closed, else standard input stays open for {@link #writeLine}.
     */
    public static GStreamerPeer start(String stdin, String mode, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(TIMEOUT.toString(), "-k", "5", String.valueOf(TIMEOUT_SECONDS),
                PYTHON.toString(), SCRIPT.toString(), mode));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("gst-mikey-peer", ".log");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        GStreamerPeer peer = new GStreamerPeer(process, stderr);
        if (stdin != null) {
            peer.in.write(stdin.getBytes(StandardCharsets.UTF_8));
            peer.in.close();
        }
        return peer;
    }

    /** Writes one line to the script's standard input. */
    public void writeLine(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The next JSON line; fails naming GStreamer's stderr when the script ended without one. */
    public String nextLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("gst_mikey_peer.py printed nothing more (exit " + exitValue() + "): " + stderrText());
        }
        return line;
    }

    private String exitValue() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public String stderrText() {
        try {
            String text = Files.readString(stderr);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** A string field of a JSON line printed by the script (json.dumps escapes only what is needed here). */
    public static String string(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no string field " + field + " in " + json);
        }
        return m.group(1).replace("\\r", "\r").replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** A number or literal (true, false, null) field of a JSON line. */
    public static String literal(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ([^,}]+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no field " + field + " in " + json);
        }
        return m.group(1).strip();
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } catch (IOException ignored) {
            // the script may have exited already
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        out.close();
        Files.deleteIfExists(stderr);
    }
}
