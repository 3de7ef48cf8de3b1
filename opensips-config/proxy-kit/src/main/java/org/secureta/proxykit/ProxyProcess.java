package org.secureta.proxykit;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Kamailio or OpenSIPS running a configuration it is handed, in the foreground (a process
 * we can stop; Debian's Kamailio cannot start without systemd otherwise), with its run-time files
 * in a folder of its own so that several run side by side without root. Ready once its
 * management endpoint exists (Kamailio's ctl socket, OpenSIPS's MI FIFO) and its TLS socket
 * accepts connections: both open only after every module, TLS included, has initialised. The
 * wait wakes on file events in the run folder (log lines, the control endpoint appearing), not
 * on a fixed sleep. Closing it stops the proxy and waits until its worker processes are gone,
 * so that "closed" means nothing listens any more.
 */
public final class ProxyProcess implements AutoCloseable {

    private static final Pattern KAMAILIO_CTL = Pattern.compile("modparam\\(\"ctl\",\\s*\"binrpc\",\\s*\"unix:([^\"]+)\"\\)");
    private static final Pattern OPENSIPS_FIFO = Pattern.compile("modparam\\(\"mi_fifo\",\\s*\"fifo_name\",\\s*\"([^\"]+)\"\\)");
    private static final Pattern OPENSIPS_REPLY_DIR = Pattern.compile("modparam\\(\"mi_fifo\",\\s*\"reply_dir\",\\s*\"([^\"]+)\"\\)");
    private static final AtomicInteger REPLIES = new AtomicInteger();

    private final Proxy kind;
    private final Path executable;
    private final Path configuration;
    private final InetSocketAddress listening;
    /** False for a UDP-only proxy: there is no stream socket to probe. */
    private final boolean streamSocket;
    private final Path workDir;
    private final Path log;
    private final Path control;
    /** Shared memory (-m) in MB: 32 for a lab proxy; a fleet sizes it for its units (about 88 KiB per TLS link). */
    private int sharedMemoryMb = LAB_SHARED_MEMORY_MB;
    /** Private memory per process (-M) in MB: 8 for a lab proxy; the parsed script lives there, once per process. */
    private int privateMemoryMb = LAB_PRIVATE_MEMORY_MB;
    private Process process;

    /** The lab default: small shared and private pools (the proxies' defaults reserve 64 MB + a few MB per process). */
    public static final int LAB_SHARED_MEMORY_MB = 32;
    public static final int LAB_PRIVATE_MEMORY_MB = 8;

    private ProxyProcess(Proxy kind, Path executable, Path configuration, InetSocketAddress listening, boolean streamSocket, Path workDir,
                         Path control) {
        this.streamSocket = streamSocket;
        this.kind = kind;
        this.executable = executable;
        this.configuration = configuration;
        this.listening = listening;
        this.workDir = workDir;
        this.log = workDir.resolve(kind.command() + ".log");
        this.control = control;
    }

    /** The outcome of a configuration check ({@code kamailio -c}, {@code opensips -C}). */
    public record Check(int exitCode, String output) {
    }

    /** Checks a configuration the way the proxy does at start, without starting it. */
    public static Check check(Proxy kind, Path executable, Path configuration) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(executable.toString(), kind == Proxy.KAMAILIO ? "-c" : "-C", "-f", configuration.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        CompletableFuture<String> output = readAll(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(kind.command() + " did not finish checking " + configuration + " within 60 s");
        }
        return new Check(p.exitValue(), join(output));
    }

    /**
     * Starts the proxy and waits until it is ready.
     *
     * @param configuration its main script (Kamailio's tls.cfg beside it)
     * @param listening     its TLS socket, as the script's listen/socket line says
     * @param workDir       run-time folder: log, control socket, PID files
     */
    public static ProxyProcess start(Proxy kind, Path executable, Path configuration, InetSocketAddress listening, Path workDir,
                                     Duration timeout) throws IOException, InterruptedException {
        return start(kind, executable, configuration, listening, true, workDir, timeout);
    }

    /**
     * Starts a proxy that listens on UDP only (the guide's 3.2 case, a unit's transport mismatch):
     * there is no stream socket to probe, so it is ready once its control socket exists, which
     * Kamailio and OpenSIPS create only after binding their listeners.
     */
    public static ProxyProcess startUdpOnly(Proxy kind, Path executable, Path configuration, InetSocketAddress listening, Path workDir,
                                            Duration timeout) throws IOException, InterruptedException {
        return start(kind, executable, configuration, listening, false, workDir, timeout);
    }

    /**
     * As {@link #start(Proxy, Path, Path, InetSocketAddress, Path, Duration)} with {@code sharedMemoryMb} of shared
     * memory (-m) instead of the lab's {@value #LAB_SHARED_MEMORY_MB}: every TLS link holds about 88 KiB of it in
     * Kamailio, so a proxy for many units needs more (docs/benchmarks.md).
     */
    public static ProxyProcess start(Proxy kind, Path executable, Path configuration, InetSocketAddress listening, Path workDir,
                                     Duration timeout, int sharedMemoryMb) throws IOException, InterruptedException {
        return start(kind, executable, configuration, listening, workDir, timeout, sharedMemoryMb, LAB_PRIVATE_MEMORY_MB);
    }

    /**
     * As {@link #start(Proxy, Path, Path, InetSocketAddress, Path, Duration, int)} with {@code privateMemoryMb} of
     * private memory (-M) per process too: the parsed script is held there by every process, and a script generated
     * for many lines (a fleet's: two checks per digest user) outgrows the lab's {@value #LAB_PRIVATE_MEMORY_MB} MB
     * (Kamailio 5.6 needed about 16 MB for 600 users and refuses to start with "could not allocate private memory").
     */
    public static ProxyProcess start(Proxy kind, Path executable, Path configuration, InetSocketAddress listening, Path workDir,
                                     Duration timeout, int sharedMemoryMb, int privateMemoryMb) throws IOException, InterruptedException {
        if (sharedMemoryMb < 16 || sharedMemoryMb > 65536) {
            throw new IllegalArgumentException("shared memory must be 16 to 65536 MB, not " + sharedMemoryMb);
        }
        if (privateMemoryMb < 4 || privateMemoryMb > 4096) {
            throw new IllegalArgumentException("private memory must be 4 to 4096 MB, not " + privateMemoryMb);
        }
        ProxyProcess proxy = start(kind, executable, configuration, listening, true, workDir, timeout, sharedMemoryMb, privateMemoryMb);
        return proxy;
    }

    private static ProxyProcess start(Proxy kind, Path executable, Path configuration, InetSocketAddress listening, boolean streamSocket,
                                      Path workDir, Duration timeout) throws IOException, InterruptedException {
        return start(kind, executable, configuration, listening, streamSocket, workDir, timeout, LAB_SHARED_MEMORY_MB, LAB_PRIVATE_MEMORY_MB);
    }

    private static ProxyProcess start(Proxy kind, Path executable, Path configuration, InetSocketAddress listening, boolean streamSocket,
                                      Path workDir, Duration timeout, int sharedMemoryMb, int privateMemoryMb) throws IOException, InterruptedException {
        Path work = Files.createDirectories(workDir).toAbsolutePath();
        String script = Files.readString(configuration);
        Path control;
        if (kind == Proxy.KAMAILIO) {
            Matcher m = KAMAILIO_CTL.matcher(script);
            control = m.find() ? Path.of(m.group(1)) : work.resolve("ctl.sock");
        } else {
            Matcher m = OPENSIPS_FIFO.matcher(script);
            if (!m.find()) {
                throw new IOException(configuration + " loads no mi_fifo with a fifo_name: OpenSIPS could not be managed or awaited");
            }
            control = Path.of(m.group(1));
        }
        ProxyProcess proxy = new ProxyProcess(kind, executable, configuration.toAbsolutePath(), listening, streamSocket, work, control);
        proxy.sharedMemoryMb = sharedMemoryMb;
        proxy.privateMemoryMb = privateMemoryMb;
        proxy.launch(timeout);
        return proxy;
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-f", configuration.toString()));
        if (kind == Proxy.KAMAILIO) {
            // -DD: no fork into the background; -E: log to standard error; -Y: its run-time folder.
            command.addAll(List.of("-DD", "-E", "-w", workDir.toString(), "-Y", workDir.toString(),
                    // The generated script's CTL_SOCKET define, moved out of root's /var/run.
                    "-A", "CTL_SOCKET=\"unix:" + control + "\""));
        } else {
            // -F: stay in the foreground (3.x; it logs to standard error through stderror_enabled in the script).
            command.addAll(List.of("-F", "-w", workDir.toString()));
        }
        // A lab proxy: small shared and private memory pools (the defaults reserve 64 MB + a few MB per process).
        command.addAll(List.of("-m", Integer.toString(sharedMemoryMb), "-M", Integer.toString(privateMemoryMb)));
        return command;
    }

    private void launch(Duration timeout) throws IOException, InterruptedException {
        Files.deleteIfExists(control);
        process = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            awaitReady(timeout);
        } catch (IOException | RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            workDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            if (control.getParent() != null && !control.getParent().equals(workDir)) {
                control.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            }
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(kind.command() + " exited with code " + process.exitValue() + " before it listened on "
                            + describe(listening) + "; its log " + log + " ends with:\n" + logTail(25));
                }
                if (Files.exists(control) && accepts()) {
                    firstHandshake();
                    return;
                }
                // Wakes on the next log line or file the proxy creates; the timeout bounds a quiet proxy.
                var key = watch.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
        throw new IOException(kind.command() + " did not listen on " + describe(listening) + " within " + timeout.toSeconds()
                + " s; its log " + log + " ends with:\n" + logTail(25));
    }

    private boolean accepts() {
        if (!streamSocket) {
            return true;
        }
        try (Socket probe = new Socket()) {
            probe.connect(listening, 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * Makes the proxy complete one TLS handshake before anyone else connects. Kamailio 5.6 with
     * OpenSSL 3 (Debian 12's pair) keeps OpenSSL's lazily filled global state in shared memory
     * without locks that work across its processes; when several TCP workers do their first
     * handshake at the same moment, a worker can crash (signal 11, upstream kamailio#3791 and #3635,
     * fixed in 5.8 by tls_threads_mode, which 5.6 lacks). A lab proxy met four units at once this way
     * twice in CI. The probe trusts any certificate because it never sends a byte of SIP: its peer
     * is the proxy just started on loopback, and only that proxy's first handshake matters here.
     * A proxy that refuses the probe (it demands a client certificate) is ready all the same.
     */
    private void firstHandshake() {
        if (!streamSocket) {
            return;
        }
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[0], new javax.net.ssl.TrustManager[] {PROBE_TRUST}, null);
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(listening, 2000);
                socket.setSoTimeout(5000);
                socket.startHandshake();
            }
        } catch (IOException | java.security.GeneralSecurityException refused) {
            // Readiness is the accepted connection above; the handshake only warms the proxy.
        }
    }

    private static final javax.net.ssl.X509TrustManager PROBE_TRUST = new javax.net.ssl.X509TrustManager() {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client-side probe");
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            // See firstHandshake: no data is ever sent over this connection.
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    };

    public Proxy kind() {
        return kind;
    }

    public InetSocketAddress listening() {
        return listening;
    }

    /** {@code 127.0.0.1:PORT}, as a unit's registrar. */
    public String hostPort() {
        return describe(listening);
    }

    public Path configuration() {
        return configuration;
    }

    public Path workDir() {
        return workDir;
    }

    /** Its standard error: its log. */
    public Path log() {
        return log;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The last lines of its log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Log lines containing a fragment. */
    public List<String> logLines(String fragment) {
        try {
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains(fragment)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * A management command: Kamailio's through {@code kamcmd} on its ctl socket ({@code ul.dump},
     * {@code core.tcp_list}, ...), OpenSIPS's as JSON-RPC over its MI FIFO ({@code ul_dump},
     * {@code list_tcp_conns}, ...; no opensips-cli needed). Returns the raw answer.
     */
    public String manage(String command, String... params) throws IOException, InterruptedException {
        return kind == Proxy.KAMAILIO ? kamcmd(command, params) : mi(command, params);
    }

    private String kamcmd(String command, String... params) throws IOException, InterruptedException {
        Path kamcmd = executable.resolveSibling("kamcmd");
        if (!Files.isExecutable(kamcmd)) {
            kamcmd = Path.of("/usr/sbin/kamcmd");
        }
        List<String> line = new ArrayList<>(List.of(kamcmd.toString(), "-s", "unix:" + control, command));
        line.addAll(List.of(params));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        CompletableFuture<String> output = readAll(p.getInputStream());
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kamcmd " + command + " got no answer within 10 s");
        }
        return join(output);
    }

    /** mi_fifo's request: {@code :REPLY_FIFO:JSON-RPC}; the answer comes on a FIFO we create in its reply_dir. */
    private String mi(String command, String... params) throws IOException, InterruptedException {
        Matcher dir = OPENSIPS_REPLY_DIR.matcher(Files.readString(configuration));
        Path replyDir = Path.of(dir.find() ? dir.group(1) : "/tmp/");
        String name = "secureta_mi_" + ProcessHandle.current().pid() + "_" + REPLIES.incrementAndGet();
        Path reply = replyDir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", reply.toString()).redirectErrorStream(true).start();
        String made = join(readAll(mkfifo.getInputStream()));
        if (mkfifo.waitFor() != 0) {
            throw new IOException("cannot make the reply FIFO " + reply + ": " + made);
        }
        try {
            StringBuilder json = new StringBuilder("{\"jsonrpc\":\"2.0\",\"method\":\"").append(command).append("\",\"id\":\"1\"");
            if (params.length > 0) {
                json.append(",\"params\":[");
                for (int i = 0; i < params.length; i++) {
                    json.append(i > 0 ? "," : "").append('"').append(params[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                }
                json.append(']');
            }
            json.append("}\n");
            // Opening a FIFO blocks until the other end opens it: the reply is read on a thread of
            // its own (not a shared pool, whose single worker on a 2-core machine would wait forever).
            CompletableFuture<String> answer = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (InputStream in = new FileInputStream(reply.toFile())) {
                    // Not readAllBytes: on a FIFO, JDK 17's FileInputStream.readAllBytes fails with "Illegal seek".
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    in.transferTo(bytes);
                    answer.complete(bytes.toString(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    answer.completeExceptionally(e);
                }
            }, "mi-reply-" + name);
            reader.setDaemon(true);
            reader.start();
            try (OutputStream out = new FileOutputStream(control.toFile())) {
                out.write((":" + name + ":" + json).getBytes(StandardCharsets.UTF_8));
            }
            try {
                return answer.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Let a reader still waiting for a writer go: open the reply FIFO for writing once, on a daemon thread.
                Thread unblock = new Thread(() -> {
                    try (OutputStream o = new FileOutputStream(reply.toFile())) {
                        o.flush();
                    } catch (IOException ignored) {
                        // the reader is gone already
                    }
                });
                unblock.setDaemon(true);
                unblock.start();
                throw new IOException("MI command " + command + " over " + control + " got no answer within 10 s: " + e, e);
            }
        } finally {
            Files.deleteIfExists(reply);
        }
    }

    /** The contacts the registrar holds for a user (the address of record's user part), e.g. {@code sip:100@127.0.0.1:16000;transport=tls}. */
    public List<String> bindings(String user) throws IOException, InterruptedException {
        List<String> contacts = new ArrayList<>();
        if (kind == Proxy.KAMAILIO) {
            String dump = kamcmd("ul.dump");
            for (String section : sections(dump, Pattern.compile("AoR:\\s*(\\S+)"), user)) {
                Matcher address = Pattern.compile("Address:\\s*(\\S+)").matcher(section);
                while (address.find()) {
                    contacts.add(address.group(1));
                }
            }
        } else {
            String dump = mi("ul_dump");
            for (String section : sections(dump, Pattern.compile("\"AOR\":\\s*\"([^\"]+)\""), user)) {
                Matcher contact = Pattern.compile("\"Contact\":\\s*\"([^\"]+)\"").matcher(section);
                while (contact.find()) {
                    contacts.add(contact.group(1));
                }
            }
        }
        return contacts;
    }

    private static List<String> sections(String dump, Pattern header, String user) {
        Matcher m = header.matcher(dump);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            names.add(m.group(1));
        }
        List<String> sections = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(user) || names.get(i).startsWith(user + "@")) {
                sections.add(dump.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : dump.length()));
            }
        }
        return sections;
    }

    /**
     * A TLS connection the proxy holds.
     *
     * @param peerPort the other end's port (a unit's source port)
     * @param lifetime how long the proxy keeps it open without traffic, when it says: Kamailio's
     *                 {@code lifetime} field, or the time left until OpenSIPS's {@code Lifetime} expiry
     */
    public record TlsConnection(int peerPort, Optional<Duration> lifetime) {
    }

    /** The TLS connections it holds: Kamailio's {@code core.tcp_list}, OpenSIPS's {@code list_tcp_conns}. */
    public List<TlsConnection> tlsConnections() throws IOException, InterruptedException {
        List<TlsConnection> connections = new ArrayList<>();
        if (kind == Proxy.KAMAILIO) {
            for (String block : kamcmd("core.tcp_list").split("\\}")) {
                Matcher type = Pattern.compile("type:\\s*TLS").matcher(block);
                Matcher port = Pattern.compile("src_port:\\s*(\\d+)").matcher(block);
                // (its "timeout" field is not the idle lifetime: that is "lifetime")
                Matcher timeout = Pattern.compile("lifetime:\\s*(-?\\d+)").matcher(block);
                if (type.find() && port.find()) {
                    connections.add(new TlsConnection(Integer.parseInt(port.group(1)),
                            timeout.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(timeout.group(1)))) : Optional.empty()));
                }
            }
        } else {
            String answer = mi("list_tcp_conns");
            for (String block : answer.split("\\}")) {
                Matcher type = Pattern.compile("\"Type\":\\s*\"tls\"", Pattern.CASE_INSENSITIVE).matcher(block);
                Matcher remote = Pattern.compile("\"Remote\":\\s*\"[^\"]*:(\\d+)\"").matcher(block);
                Matcher lifetime = Pattern.compile("\"Lifetime\":\\s*\"([^\"]+)\"").matcher(block);
                if (type.find() && remote.find()) {
                    connections.add(new TlsConnection(Integer.parseInt(remote.group(1)), lifetime.find() ? untilLifetime(lifetime.group(1)) : Optional.empty()));
                }
            }
        }
        return connections;
    }

    /** list_tcp_conns gives the moment a connection expires as a local date and time. */
    private static Optional<Duration> untilLifetime(String when) {
        try {
            LocalDateTime end = LocalDateTime.parse(when.strip(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            return Optional.of(Duration.between(LocalDateTime.now(), end));
        } catch (RuntimeException notADate) {
            return Optional.empty();
        }
    }

    /** Kills it at once (SIGKILL, workers first): its connections drop, as when the server crashes. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> workers = process.descendants().toList();
        workers.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitGone(process.toHandle(), workers);
    }

    /** Starts it again: same executable, configuration, port and folder; an empty location table. */
    public void restart(Duration timeout) throws IOException, InterruptedException {
        kill();
        launch(timeout);
    }

    /** Stops it (SIGTERM, SIGKILL after 10 s) and waits until its workers are gone. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        // In the foreground the workers are not in a process group of their own: a worker that
        // outlives the main process would keep the port.
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        awaitGone(process.toHandle(), workers);
    }

    private static void awaitGone(ProcessHandle main, List<ProcessHandle> workers) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(workers);
        all.add(main);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                p.destroyForcibly();
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException stillThere) {
                    // SIGKILL sent: nothing more to do
                }
            } catch (ExecutionException e) {
                // gone
            }
        }
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
    }

    private static String join(CompletableFuture<String> output) {
        try {
            return output.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "(no output: " + e + ")";
        }
    }

    public static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public String toString() {
        return kind.displayName() + " on tls:" + hostPort();
    }
}
