package org.secureta.transport.kamailio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.secureta.proxykit.FreePorts;
import org.secureta.proxykit.Proxy;
import org.secureta.proxykit.ProxyProcess;
import org.secureta.transport.testsupport.TestCa;

/**
 * A real Kamailio 5.6 for tests: a TLS registrar and proxy on free loopback ports with
 * certificates from a {@link TestCa}; usrloc in memory; digest authentication against fixed
 * passwords (auth module {@code pv_auth_check}, no database); record-routing and {@code t_relay}
 * so requests to a registered user travel over that user's own connection. The bindings it
 * stores are read back with {@code kamcmd ul.dump} through a ctl socket in its own directory.
 * The process itself (start, readiness, management, kill, clean stop) is the proxy kit's
 * {@link ProxyProcess}; this class writes the hand-made test configuration it runs.
 */
public final class Kamailio implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/kamailio");
    private static final Path KAMCMD = Path.of("/usr/sbin/kamcmd");
    private static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules");

    /** Whether Kamailio is installed here; tests that need it are skipped (with this message) if not. */
    public static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isDirectory(MODULES);
    }

    public static final String NOT_INSTALLED = "kamailio is not installed (apt-get install kamailio kamailio-tls-modules)";

    /** What the server should be. */
    public static final class Options {
        private boolean tls = true;
        private boolean udp;
        private final Map<String, String> passwords = new LinkedHashMap<>();
        private final List<String> forbidden = new ArrayList<>();
        private boolean challengeRequests;
        private int connectionLifetimeSeconds = 120;
        private boolean requireClientCertificate;
        private TestCa.Issued certificate;
        private int sharedMemoryMb = org.secureta.proxykit.ProxyProcess.LAB_SHARED_MEMORY_MB;
        private int maxConnections;

        /** Listen on UDP only (the guide's 3.2 scenario): no TLS listener at all. */
        public Options udpOnly() {
            tls = false;
            udp = true;
            return this;
        }

        /** Listen on UDP as well as TLS. */
        public Options alsoUdp() {
            udp = true;
            return this;
        }

        /** Require digest authentication of REGISTER for this user with this password. */
        public Options user(String user, String password) {
            passwords.put(user, password);
            return this;
        }

        /** Answer this user's REGISTER with 403 Forbidden. */
        public Options forbid(String user) {
            forbidden.add(user);
            return this;
        }

        /** Also challenge out-of-dialog requests other than REGISTER (407 Proxy Authentication Required). */
        public Options challengeRequests() {
            challengeRequests = true;
            return this;
        }

        /** tcp_connection_lifetime: idle TCP/TLS connections are closed after this. */
        public Options connectionLifetime(Duration lifetime) {
            connectionLifetimeSeconds = (int) lifetime.toSeconds();
            return this;
        }

        /**
         * Sized for {@code units} persistent TLS links (capacity benchmark): shared memory of
         * 32 MB plus 128 KiB per link (Kamailio holds about 88 KiB per TLS connection), and
         * room for that many connections (tcp_max_connections, tls_max_connections, open files).
         */
        public Options sizedFor(int units) {
            sharedMemoryMb = Math.max(org.secureta.proxykit.ProxyProcess.LAB_SHARED_MEMORY_MB, 32 + units / 8);
            maxConnections = units + 256;
            return this;
        }

        public Options requireClientCertificate() {
            requireClientCertificate = true;
            return this;
        }

        /** Present this certificate instead of one for 127.0.0.1 issued by the CA. */
        public Options certificate(TestCa.Issued issued) {
            certificate = issued;
            return this;
        }
    }

    private final Path directory;
    private final Options options;
    private final int port;
    private ProxyProcess process;

    private Kamailio(Path directory, Options options, int port) {
        this.directory = directory;
        this.options = options;
        this.port = port;
    }

    /** Starts Kamailio and waits until it listens. */
    public static Kamailio start(TestCa ca, Options options) throws IOException, GeneralSecurityException {
        Path directory = Files.createTempDirectory("kamailio-");
        Kamailio kamailio = new Kamailio(directory, options, FreePorts.tcpAndUdp());
        TestCa.Issued certificate = options.certificate != null ? options.certificate
                : ca.issue("127.0.0.1", List.of("localhost"), List.of("127.0.0.1"));
        certificate.writePem(directory.resolve("server.crt"), directory.resolve("server.key"));
        Files.writeString(directory.resolve("ca.crt"), pemOf(ca));
        Files.writeString(directory.resolve("tls.cfg"), kamailio.tlsConfig());
        Files.writeString(directory.resolve("kamailio.cfg"), kamailio.config());
        kamailio.launch();
        return kamailio;
    }

    private static String pemOf(TestCa ca) throws IOException {
        TestCa.Issued root = new TestCa.Issued(ca.certificate(), null);
        Path temp = Files.createTempFile("ca", ".pem");
        try {
            Files.writeString(temp, "");
            java.io.StringWriter text = new java.io.StringWriter();
            try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
                writer.writeObject(root.certificate());
            }
            return text.toString();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The port it listens on: TLS, or UDP with {@link Options#udpOnly()}; UDP (if any) uses the same number. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, as a gateway's registrarHost. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public Path directory() {
        return directory;
    }

    private void launch() throws IOException {
        try {
            InetSocketAddress listening = new InetSocketAddress("127.0.0.1", port);
            process = options.tls
                    ? ProxyProcess.start(Proxy.KAMAILIO, BINARY, directory.resolve("kamailio.cfg"), listening, directory, Duration.ofSeconds(10),
                            options.sharedMemoryMb)
                    : ProxyProcess.startUdpOnly(Proxy.KAMAILIO, BINARY, directory.resolve("kamailio.cfg"), listening, directory, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while kamailio started", e);
        }
    }

    /** Kills Kamailio at once (SIGKILL, workers first): its connections drop, as when the server crashes. */
    public void kill() {
        try {
            process.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again, same port, same configuration, empty location table. */
    public void restart() throws IOException {
        try {
            process.restart(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while kamailio restarted", e);
        }
    }

    /** The contacts Kamailio stores for {@code user} (usrloc), for example {@code sip:100@127.0.0.1:16000;transport=tls}. */
    public List<String> bindings(String user) {
        try {
            return process.bindings(user);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Source ports of the TLS connections Kamailio holds ({@code core.tcp_list}). */
    public Set<Integer> tlsConnectionSourcePorts() {
        try {
            Set<Integer> ports = new java.util.TreeSet<>();
            process.tlsConnections().forEach(c -> ports.add(c.peerPort()));
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    /** Runs a kamcmd command over the ctl socket and returns its output. */
    public String kamcmd(String... command) {
        try {
            return process.manage(command[0], java.util.Arrays.copyOfRange(command, 1, command.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Everything Kamailio logged so far. */
    public String log() {
        try {
            Path log = directory.resolve("kamailio.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteDirectory();
    }

    /** Its files (keys included) go with it, unless asked to keep them for a post-mortem. */
    private void deleteDirectory() {
        if (Boolean.getBoolean("kamailio.keep")) {
            return;
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    private String tlsConfig() {
        String verify = options.requireClientCertificate ? "yes" : "no";
        return "[server:default]\n"
                + "method = TLSv1.2+\n"
                + "verify_certificate = " + verify + "\n"
                + "require_certificate = " + verify + "\n"
                + "private_key = " + directory.resolve("server.key") + "\n"
                + "certificate = " + directory.resolve("server.crt") + "\n"
                + "ca_list = " + directory.resolve("ca.crt") + "\n"
                + "\n[client:default]\n"
                + "method = TLSv1.2+\n"
                + "verify_certificate = no\n"
                + "require_certificate = no\n";
    }

    private String config() {
        StringBuilder cfg = new StringBuilder();
        cfg.append("#!KAMAILIO\n")
                .append("debug=2\nlog_stderror=yes\nmemdbg=5\nmemlog=5\n")
                .append("children=2\nauto_aliases=no\n")
                // Kamailio 5.6 with OpenSSL 3 must not run TLS handshakes in two workers at once (KamailioTlsWorkers).
                .append("tcp_children=").append(org.secureta.proxykit.KamailioTlsWorkers.forLab(BINARY, 2)).append('\n')
                .append("disable_tcp=no\n")
                .append("enable_tls=").append(options.tls ? "yes" : "no").append('\n')
                .append("tcp_connection_lifetime=").append(options.connectionLifetimeSeconds).append('\n')
                .append("tcp_accept_no_cl=yes\n");
        if (options.maxConnections > 0) {
            cfg.append("tcp_max_connections=").append(options.maxConnections).append('\n')
                    .append("tls_max_connections=").append(options.maxConnections).append('\n')
                    .append("open_files_limit=").append(2 * options.maxConnections + 1024).append('\n');
        }
        if (options.tls) {
            cfg.append("listen=tls:127.0.0.1:").append(port).append('\n');
        }
        if (options.udp) {
            cfg.append("listen=udp:127.0.0.1:").append(port).append('\n');
        }
        cfg.append("mpath=\"").append(MODULES).append("/\"\n");
        for (String module : new String[] {"kex", "corex", "tm", "sl", "rr", "pv", "maxfwd", "usrloc", "registrar", "textops",
                "siputils", "xlog", "auth", "ctl"}) {
            cfg.append("loadmodule \"").append(module).append(".so\"\n");
        }
        if (options.tls) {
            cfg.append("loadmodule \"tls.so\"\n")
                    .append("modparam(\"tls\", \"config\", \"").append(directory.resolve("tls.cfg")).append("\")\n")
                    // TLS connections have their own idle lifetime, which overrides tcp_connection_lifetime.
                    .append("modparam(\"tls\", \"connection_timeout\", ").append(options.connectionLifetimeSeconds).append(")\n");
        }
        cfg.append("modparam(\"ctl\", \"binrpc\", \"unix:").append(directory.resolve("ctl.sock")).append("\")\n")
                .append("modparam(\"usrloc\", \"db_mode\", 0)\n")
                .append("modparam(\"registrar\", \"min_expires\", 1)\n")
                .append("modparam(\"rr\", \"enable_full_lr\", 1)\n")
                .append("\nrequest_route {\n")
                .append("  if (!mf_process_maxfwd_header(\"10\")) { sl_send_reply(\"483\", \"Too Many Hops\"); exit; }\n")
                .append("  if (has_totag()) {\n")
                .append("    if (loose_route()) { t_relay(); exit; }\n")
                .append("    if (is_method(\"ACK\")) { if (t_check_trans()) { t_relay(); } exit; }\n")
                .append("    sl_send_reply(\"404\", \"Not here\"); exit;\n")
                .append("  }\n")
                .append("  if (is_method(\"CANCEL\")) { if (t_check_trans()) { t_relay(); } exit; }\n")
                .append("  if (is_method(\"REGISTER\")) {\n");
        for (String user : options.forbidden) {
            cfg.append("    if ($fU == \"").append(user).append("\") { sl_send_reply(\"403\", \"Forbidden\"); exit; }\n");
        }
        if (!options.passwords.isEmpty()) {
            cfg.append("    route(AUTH);\n");
        }
        cfg.append("    if (!save(\"location\")) { sl_reply_error(); }\n")
                .append("    exit;\n")
                .append("  }\n")
                .append("  remove_hf(\"Route\");\n");
        if (options.challengeRequests && !options.passwords.isEmpty()) {
            cfg.append("  if (!is_method(\"ACK\")) { route(AUTH); }\n");
        }
        cfg.append("  record_route();\n")
                .append("  if (!lookup(\"location\")) { sl_send_reply(\"404\", \"Not Found\"); exit; }\n")
                .append("  t_relay();\n")
                .append("}\n");
        if (!options.passwords.isEmpty()) {
            cfg.append("\nroute[AUTH] {\n  $var(pw) = \"\";\n");
            options.passwords.forEach((user, password) -> cfg.append("  if ($au == \"").append(user)
                    .append("\") { $var(pw) = \"").append(password).append("\"; }\n"));
            cfg.append("  if ($var(pw) == \"\" || !pv_auth_check(\"$fd\", \"$var(pw)\", \"0\", \"1\")) {\n")
                    .append("    auth_challenge(\"$fd\", \"1\");\n")
                    .append("    exit;\n")
                    .append("  }\n")
                    .append("  consume_credentials();\n")
                    .append("}\n");
        }
        return cfg.toString();
    }

    /** Users configured with a password. */
    public Set<String> users() {
        return options.passwords.keySet();
    }

    public Optional<ProxyProcess> process() {
        return Optional.ofNullable(process);
    }
}
