package org.secureta.launcher.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.secureta.launcher.RunningUnit;
import org.secureta.launcher.UnitProfile;
import org.secureta.proxykit.FreePorts;

/**
 * A capture of a real secure call between two units through the lab's proxy, as an engineer
 * takes one: dumpcap/tshark on {@code lo} over the proxy's TLS port and the units' media ports,
 * both units writing their TLS key log (SecureTA.TlsKeyLogEnable) and SRTP key log
 * (SecureTA.SrtpKeyLogEnable). unit1 (user 100) calls unit2 (user 101), both hear each other's
 * tone (the caller sends {@value #CALLER_TONE} Hz, the callee {@value #CALLEE_TONE} Hz), then
 * unit1 hangs up and the capture stops.
 */
public final class SecureCallCapture {

    public static final double CALLER_TONE = 1000;
    public static final double CALLEE_TONE = 440;
    /** UDP ports each unit's media may take from its base upward (the unit takes the first free even/odd pair). */
    private static final int MEDIA_SPAN = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TONE_FRAMES = Pattern.compile("toneFrames=(\\d+)");

    /**
     * @param capture the pcapng written by tshark
     * @param callerHome unit1's home (keylog/tls-keys.log, keylog/srtp-keys.log)
     * @param calleeHome unit2's home
     * @param captureCommand the tshark command line that took it
     */
    public record Result(Path capture, Path callerHome, Path calleeHome, String captureCommand, String callerLine, String calleeLine) {

        public Path callerTlsKeyLog() {
            return callerHome.resolve("keylog/tls-keys.log");
        }

        public Path callerSrtpKeyLog() {
            return callerHome.resolve("keylog/srtp-keys.log");
        }
    }

    private SecureCallCapture() {
    }

    /** The two units' profiles: {@code keyManagement} Sdes or Mikey (then with {@code psk}), key logs on, media from {@code mediaBase}. */
    public static Map<String, UnitProfile> profiles(ProxyLab lab, String keyManagement, String psk, int mediaBase) throws IOException {
        Map<String, UnitProfile> units = new LinkedHashMap<>();
        int i = 0;
        for (String name : List.of("unit1", "unit2")) {
            UnitProfile p = UnitProfile.tlsLine(name.equals("unit1") ? "100" : "101", "capture-pw-" + name, lab.registrar(), lab.ports().next())
                    .with("SecureTA.TlsKeyLogEnable", "Enable")
                    .with("SecureTA.SrtpKeyLogEnable", "Enable")
                    .with("Mipt.IpTransportSrtpBasePort", Integer.toString(mediaBase + i * MEDIA_SPAN))
                    .with("Mipt.DefaultSecurityKeyManagement", keyManagement);
            if (keyManagement.equals("Mikey")) {
                p = p.with("SecureTA.MikeyPreSharedKey", psk);
            }
            units.put(name, p);
            i++;
        }
        return units;
    }

    /** An even UDP port with {@code 2 * MEDIA_SPAN} ports above it, for the units' media. */
    public static int mediaBase() {
        int port = FreePorts.tcpAndUdp();
        port -= port % 2;
        return Math.min(port, 65534 - 2 * MEDIA_SPAN);
    }

    /**
     * Starts the proxy and the capture, then the units; places the call, waits until both sides
     * hear each other for {@code toneFrames} frames, hangs up, and stops the capture.
     */
    public static Result record(ProxyLab lab, Path tshark, Map<String, UnitProfile> units, int mediaBase, int toneFrames, Path capture,
                                PrintStream progress) throws Exception {
        lab.startProxy(units);
        int proxyPort = lab.proxyAddress().getPort();
        List<String> command = List.of(tshark.toString(), "-i", "lo", "-f",
                "tcp port " + proxyPort + " or udp portrange " + mediaBase + "-" + (mediaBase + 2 * MEDIA_SPAN - 1), "-w", capture.toString());
        progress.println("--> " + String.join(" ", command));
        Process capturing = startCapture(command, capture.resolveSibling(capture.getFileName() + ".log"));
        try {
            RunningUnit caller = lab.startUnit("unit1", units.get("unit1"));
            RunningUnit callee = lab.startUnit("unit2", units.get("unit2"));
            for (RunningUnit u : List.of(caller, callee)) {
                u.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            }
            String placed = caller.command("call", "101");
            if (!placed.startsWith("call ")) {
                throw new IllegalStateException("unit1: ta:call 101 answered: " + placed);
            }
            String id = placed.split(" ")[1];
            List<String> heard = new ArrayList<>();
            for (RunningUnit u : List.of(caller, callee)) {
                u.awaitStatus(WAIT, "CALL call=", "state=Connected");
                heard.add(u.awaitCall(WAIT, line -> line.contains("Connected") && toneFrames(line) >= toneFrames,
                        toneFrames + " frames of the other side's tone"));
            }
            caller.command("hangup", id);
            for (RunningUnit u : List.of(caller, callee)) {
                u.awaitCalls(WAIT, calls -> calls.contains(" Ended ") && !calls.contains(" Connected "), "the call ended");
            }
            progress.println("    the call: " + heard.get(0).strip());
            return new Result(capture, caller.home(), callee.home(), String.join(" ", command), heard.get(0), heard.get(1));
        } finally {
            awaitCaptureWritten(capture);
            stopCapture(capturing);
        }
    }

    /**
     * dumpcap writes what the kernel hands it, seconds late on a busy machine, and what it has not
     * read when it stops is lost: wait until the file has stopped growing for a second (at most 15 s).
     */
    static void awaitCaptureWritten(Path capture) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long size = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = Files.exists(capture) ? Files.size(capture) : 0;
            if (now != size) {
                size = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            Thread.sleep(100);
        }
    }

    static int toneFrames(String callsLine) {
        Matcher m = TONE_FRAMES.matcher(callsLine);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Starts tshark and waits until it captures (dumpcap says "Capturing on"), or fails with what it printed. */
    static Process startCapture(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("tshark stopped before capturing (exit " + p.exitValue() + "): " + Files.readString(log).strip());
            }
            if (Files.readString(log).contains("Capturing on")) {
                return p;
            }
            Thread.sleep(50);
        }
        p.destroy();
        throw new IOException("tshark did not start capturing within 15 s: " + Files.readString(log).strip());
    }

    /** SIGTERM: tshark writes what it holds and closes the file; the last packets of the call are in it once it has exited. */
    static void stopCapture(Process capturing) throws InterruptedException {
        capturing.destroy();
        if (!capturing.waitFor(10, TimeUnit.SECONDS)) {
            capturing.destroyForcibly();
            capturing.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
