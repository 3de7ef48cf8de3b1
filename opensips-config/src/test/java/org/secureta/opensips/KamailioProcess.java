package org.secureta.opensips;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Kamailio started on a generated configuration, in its own working directory with its
 * own ctl socket (the configuration's CTL_SOCKET define, overridden with -A). Stopped with its
 * worker processes.
 */
final class KamailioProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/kamailio");
    static final Path KAMCMD = Path.of("/usr/sbin/kamcmd");
    static final String NOT_INSTALLED = "kamailio is not installed here (apt-get install kamailio kamailio-tls-modules)";

    private final Path directory;
    private final Process process;

    private KamailioProcess(Path directory, Process process) {
        this.directory = directory;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(KAMCMD);
    }

    /** A port free on 127.0.0.1 right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** {@code kamailio -c}: the configuration check; returns the exit code and output. */
    static Result check(Path config) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BINARY.toString(), "-c", "-f", config.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new Result(p.exitValue(), output);
    }

    record Result(int exitCode, String output) {
    }

    static KamailioProcess start(Path config, Path workDirectory, int port) throws IOException, InterruptedException {
        Files.createDirectories(workDirectory);
        Path log = workDirectory.resolve("kamailio.log");
        Path ctl = workDirectory.resolve("ctl.sock");
        Process p = new ProcessBuilder(BINARY.toString(), "-f", config.toString(), "-DD", "-E",
                "-w", workDirectory.toString(), "-Y", workDirectory.toString(), "-m", "32", "-M", "8",
                "-A", "CTL_SOCKET=\"unix:" + ctl + "\"")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        KamailioProcess kamailio = new KamailioProcess(workDirectory, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("kamailio exited with " + p.exitValue() + ":\n" + kamailio.log());
            }
            if (Files.exists(ctl) && accepts(port)) {
                return kamailio;
            }
            Thread.sleep(50);
        }
        kamailio.close();
        throw new IOException("kamailio did not listen on 127.0.0.1:" + port + " within 15 s:\n" + kamailio.log());
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A kamcmd command over the ctl socket. */
    String kamcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(KAMCMD.toString(), "-s", "unix:" + directory.resolve("ctl.sock")));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    String log() {
        try {
            Path log = directory.resolve("kamailio.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
