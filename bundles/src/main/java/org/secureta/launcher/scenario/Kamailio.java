package org.secureta.launcher.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Kamailio running a configuration written by {@code ta opensips-config --target
 * kamailio-5}, in the foreground ({@code -DD -E}: Debian's package cannot start it without
 * systemd, and a foreground process is one we can stop), with its run-time files in a folder of
 * its own so that several can run side by side and none needs root's /var/run.
 */
public final class Kamailio implements AutoCloseable {


    private final Process process;
    private final Path log;
    private final InetSocketAddress listening;
    private final Path workDir;

    private Kamailio(Process process, Path log, InetSocketAddress listening, Path workDir) {
        this.process = process;
        this.log = log;
        this.listening = listening;
        this.workDir = workDir;
    }

    /** The kamailio executable: on the PATH, in /usr/sbin or /usr/local/sbin. */
    public static Optional<Path> find() {
        return Tools.find("kamailio");
    }

    /** The kamailio executable, or an exception that says how to install it. */
    public static Path require() throws MissingToolException {
        return Tools.require("kamailio", "kamailio kamailio-tls-modules");
    }

    /**
     * Starts Kamailio on a configuration and waits until it accepts TCP connections on the
     * configuration's TLS socket (Kamailio opens its sockets only after all modules, tls
     * included, have initialised, so an open port means it is ready).
     *
     * @param configuration kamailio.cfg (tls.cfg beside it)
     * @param listening the address of its {@code listen=tls:} socket
     * @param workDir run-time folder: log, control socket, PID files
     */
    public static Kamailio start(Path configuration, InetSocketAddress listening, Path workDir, Duration timeout)
            throws MissingToolException, IOException, InterruptedException {
        Path executable = require();
        Files.createDirectories(workDir);
        Path log = workDir.resolve("kamailio.log");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-f", configuration.toAbsolutePath().toString(),
                "-DD", "-E",
                // Its own run-time folder and control socket: no root, no clash with another Kamailio.
                "-w", workDir.toAbsolutePath().toString(), "-Y", workDir.toAbsolutePath().toString(),
                "-A", "CTL_SOCKET=\"unix:" + workDir.toAbsolutePath().resolve("ctl.sock") + "\"",
                // A lab proxy: small shared and private memory pools (the defaults reserve 64 MB + 8 MB per process).
                "-m", "32", "-M", "8"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Kamailio kamailio = new Kamailio(process, log, listening, workDir);
        try {
            kamailio.awaitListening(timeout);
        } catch (IOException | RuntimeException | InterruptedException e) {
            kamailio.close();
            throw e;
        }
        return kamailio;
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("kamailio exited with code " + process.exitValue() + " before it listened on "
                        + describe(listening) + "; its log " + log + " ends with:\n" + logTail(20));
            }
            try (Socket probe = new Socket()) {
                probe.connect(listening, 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("kamailio did not listen on " + describe(listening) + " within " + timeout.toSeconds()
                + " s; its log " + log + " ends with:\n" + logTail(20));
    }

    public InetSocketAddress listening() {
        return listening;
    }

    /** Kamailio's standard error (its log with {@code -E}). */
    public Path log() {
        return log;
    }

    public Path workDir() {
        return workDir;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The last lines of its log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Log lines containing a fragment. */
    public List<String> logLines(String fragment) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains(fragment)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Runs {@code kamcmd} against this Kamailio's control socket ({@code ul.dump} shows the
     * registrar's bindings); empty when kamcmd is not installed.
     */
    public Optional<String> kamcmd(String... args) throws IOException, InterruptedException {
        Optional<Path> kamcmd = Tools.find("kamcmd");
        if (kamcmd.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(kamcmd.get().toString(), "-s", "unix:" + workDir.toAbsolutePath().resolve("ctl.sock")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return Optional.of(output);
    }

    /** Stops Kamailio and its worker processes (in the foreground they are not in a group of their own). */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        workers.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        // A killed worker releases its sockets only once it is gone: wait, so that "closed" means
        // nothing listens any more (the next lab may reuse the port).
        for (ProcessHandle worker : workers) {
            try {
                worker.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // still reported as running: nothing more we can do than SIGKILL
            }
        }
    }

    static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
