package org.secureta.launcher;

import org.secureta.proxykit.FreePorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyEncoding;
import org.secureta.transport.pki.PemFiles;

/**
 * Every file two real units ({@code java -jar launcher.jar run}) write while they work: TLS with
 * the key log on, certificate uploads through the web API, a MIKEY call each way... then a walk
 * of both homes. A file that holds a secret (the line password, the MIKEY pre-shared key, the web
 * admin password, a private key, TLS key-log lines) must be readable by its owner only, and so
 * must every folder on the way to it. Also: {@code ta:get} masks secrets unless {@code --reveal}.
 */
class SecretFilesIT {

    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    /** NSS key log lines (what Wireshark reads): whoever has them decrypts the capture. */
    private static final Pattern KEY_LOG_LINE = Pattern.compile(
            "(?m)^(CLIENT_RANDOM|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|"
                    + "SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET) [0-9a-fA-F]{64} [0-9a-fA-F]+$");

    @TempDir
    Path dir;

    private final String psk = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    private final String linePassword = "line-pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final String webPassword = "web-pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

    @Test
    void afterCallsAndCertificateUploadsNoSecretIsInAFileOthersCanRead() throws Exception {
        List<Integer> ports = FreePorts.tcpAndUdp(4);
        int webPort;
        try (ServerSocket s = new ServerSocket(0)) {
            webPort = s.getLocalPort();
        }
        CertificateKit kit = new CertificateKit(Clock.systemUTC());
        IssuedCertificate ca = kit.certificateAuthority("Secrets Lab CA");
        IssuedCertificate hostA = kit.host("ta-a", ca, "127.0.0.1");
        IssuedCertificate hostB = kit.host("ta-b", ca, "127.0.0.1");

        // Unit B: certificates placed in its home before it starts (as `ta certs` does).
        Path homeB = dir.resolve("ta-b.home");
        PemFiles.writeCertificates(homeB.resolve("certs/host/ta-b.crt"), hostB.chain());
        PemFiles.writePrivateKey(homeB.resolve("certs/host/ta-b.key"), hostB.privateKey());
        PemFiles.writeCertificate(homeB.resolve("certs/other/ca.crt"), ca.certificate());
        // Unit A too; more certificates reach it through the web API once it runs. (An uploaded CA
        // or Host certificate reaches the TLS transport at Scm.RestartRequiredServices, which restarts it.)
        Path homeA = dir.resolve("ta-a.home");
        PemFiles.writeCertificates(homeA.resolve("certs/host/ta-a.crt"), hostA.chain());
        PemFiles.writePrivateKey(homeA.resolve("certs/host/ta-a.key"), hostA.privateKey());
        PemFiles.writeCertificate(homeA.resolve("certs/other/ca.crt"), ca.certificate());
        IssuedCertificate otherCa = kit.certificateAuthority("Secrets Second CA");
        IssuedCertificate uploadedHost = kit.host("ta-a-web", ca, "127.0.0.1");
        Path profileA = secretProfile("ta-a", profile("100", ports.get(0), ports.get(1), ports.get(2))
                + "SecureTA.WebHttpsPort=" + webPort + "\nSecureTA.WebAdminPassword=" + webPassword + "\nSecureTA.TlsKeyLogEnable=Enable\n");
        Path profileB = secretProfile("ta-b", profile("200", ports.get(2), ports.get(3), ports.get(0)));

        try (LauncherIT.Unit b = new LauncherIT.Unit(List.of("run", profileB.toString(), "--home", homeB.toString(), "--no-shell"));
             LauncherIT.Unit a = new LauncherIT.Unit(List.of("run", profileA.toString(), "--home", homeA.toString()))) {
            b.await(" UNIT unit=secureta state=Started");
            a.await("UNIT unit=secureta state=Started");
            Shell shell = new Shell(a);

            // Uploads through the web API: another CA, and a Host certificate with its key (PEM, PKCS#8).
            Web web = new Web(webPort, ca);
            web.login(webPassword);
            HttpResponse<String> other = web.upload("Other", "second-ca.pem",
                    PemFiles.certificatesPem(List.of(otherCa.certificate())).getBytes(StandardCharsets.US_ASCII));
            assertEquals(201, other.statusCode(), other.body());
            byte[] withKey = (PemFiles.certificatesPem(uploadedHost.chain())
                    + new String(PemFiles.privateKeyPem(uploadedHost.privateKey(), KeyEncoding.PKCS8), StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.US_ASCII);
            HttpResponse<String> host = web.upload("Host", "ta-a-web.pem", withKey);
            assertEquals(201, host.statusCode(), host.body());
            a.lines.drainTo(a.seen);
            int beforeRestart = a.seen.size();
            HttpResponse<String> restarted = web.post("/api/restart");
            assertEquals(200, restarted.statusCode());
            assertTrue(restarted.body().contains("SipEp"), "the uploads restart the TLS transport: " + restarted.body());

            try {
                // The transport starts again with the uploaded certificates, and its link comes up anew.
                awaitAfter(a, beforeRestart, "TRANSPORT transport=TLS state=Started");
                awaitAfter(a, beforeRestart, "TLS_LINK gateway=Peer state=Up");
                shell.awaitStatus("TLS_LINK gateway=Peer", "state=Up");
            } catch (AssertionError e) {
                b.lines.drainTo(b.seen);
                throw new AssertionError(e.getMessage() + "\nunit B:\n" + String.join("\n", b.seen), e);
            }

            // ta:get masks the secrets, as ta:profile does, unless the operator asks to reveal them.
            assertEquals("SecureTA.MikeyPreSharedKey=********", shell.run("ta:get SecureTA.MikeyPreSharedKey", "SecureTA.MikeyPreSharedKey="));
            assertEquals("SipEp.Authentication[Port1].Password=********",
                    shell.run("ta:get 'SipEp.Authentication[Port1].Password'", "SipEp.Authentication[Port1].Password="));
            assertEquals("SecureTA.MikeyPreSharedKey=" + psk,
                    shell.run("ta:get --reveal SecureTA.MikeyPreSharedKey", "SecureTA.MikeyPreSharedKey="));
            assertEquals("SipEp.UserAgent[Port1].Username=100", shell.run("ta:get 'SipEp.UserAgent[Port1].Username'", "Username="));
            assertFalse(shell.run("ta:profile", "SecureTA.MikeyPreSharedKey=").contains(psk));

            // A MIKEY call A -> B, ended; then the ladder and the trace written into A's home.
            String placed = shell.run("ta:call 200", "call ");
            String id = placed.replaceAll(".*call (\\S+) to .*", "$1");
            shell.awaitCall(id, "Connected");
            shell.run("ta:hangup " + id, "hung up");
            shell.awaitCall(id, "Ended");
            shell.run("ta:ladder all --svg " + homeA.resolve("ladder/calls.svg"), "");
            shell.run("ta:trace --to " + homeA.resolve("ladder/trace.txt"), "written to");
            assertTrue(Files.size(homeA.resolve("ladder/trace.txt")) > 0);
        }

        List<String> secrets = List.of(psk, psk.toUpperCase(), linePassword, webPassword);
        List<String> problems = new ArrayList<>();
        int secretFiles = 0;
        assertTrue(Files.size(homeA.resolve("keylog/tls-keys.log")) > 0, "A's key log was written");
        for (Path home : List.of(homeA, homeB)) {
            try (Stream<Path> all = Files.walk(home)) {
                for (Path file : all.filter(Files::isRegularFile).toList()) {
                    String why = secretIn(file, secrets);
                    if (why == null) {
                        continue;
                    }
                    secretFiles++;
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                    if (mode.stream().anyMatch(OTHERS::contains)) {
                        problems.add(file + " (" + PosixFilePermissions.toString(mode) + ") holds " + why);
                    }
                    for (Path folder = file.getParent(); folder.startsWith(home); folder = folder.getParent()) {
                        Set<PosixFilePermission> folderMode = Files.getPosixFilePermissions(folder);
                        if (folderMode.stream().anyMatch(OTHERS::contains)) {
                            problems.add(folder + " (" + PosixFilePermissions.toString(folderMode) + ") leads to " + file + ", which holds " + why);
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), "secrets readable by others:\n" + String.join("\n", problems));
        // The walk found what it looks for: both saved profiles, both key logs, keys, the web's key store.
        assertTrue(secretFiles >= 6, "only " + secretFiles + " secret files found");
        try (Stream<Path> cache = Files.walk(homeA.resolve(UnitHome.FRAMEWORK_STORAGE))) {
            assertTrue(cache.filter(Files::isRegularFile).noneMatch(p -> p.getFileName().toString().endsWith(".config")),
                    "ConfigAdmin persists nothing: configurations come from the saved profile at every start");
        }
    }

    /** What secret a file holds, or null. */
    private static String secretIn(Path file, List<String> secrets) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".p12") || name.endsWith(".key")) {
            return "a private key (" + name + ")";
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (text.contains("PRIVATE KEY-----")) {
            return "a private key PEM";
        }
        if (KEY_LOG_LINE.matcher(text).find()) {
            return "TLS key-log lines";
        }
        for (String secret : secrets) {
            if (text.contains(secret)) {
                return "a password or the pre-shared key";
            }
        }
        return null;
    }

    private String profile(String user, int securePort, int basePort, int peerPort) {
        return String.join("\n",
                "SipEp.TransportConfig[Peer].TlsEnable=Enable",
                "SipEp.TransportConfig[Peer].UdpEnable=Disable",
                "SipEp.TransportConfig[Peer].ContactEnable=Enable",
                "SipEp.TransportPersistentBasePort=" + basePort,
                "SipEp.TransportFailbackInterval=5",
                "SipEp.TransportTlsVersion=TLSv1_2",
                "SipEp.InteropTlsCertificateValidation=HostName",
                "SipEp.Gateway[Peer].Type=Endpoint",
                "SipEp.Gateway[Peer].SecurePort=" + securePort,
                "SipEp.GwSpecificRegistration[Peer].ServerHost=127.0.0.1:" + peerPort,
                "SipEp.GwSpecificProxy[Peer].HomeDomainHost=127.0.0.1:" + peerPort,
                "SipEp.UserAgent[Port1].Username=" + user,
                "SipEp.UserAgent[Port1].GatewayName=Peer",
                "SipEp.UserAgent[Port1].Register=Disable",
                "SipEp.Authentication[Port1].Username=" + user,
                "SipEp.Authentication[Port1].Password=" + linePassword,
                "SecureTA.AutoAnswer=Enable",
                "Mipt.DefaultSecurityRtpMode=Secure",
                "Mipt.DefaultSecurityKeyManagement=Mikey",
                "Mipt.IpTransportSrtpBasePort=0",
                "SecureTA.MikeyPreSharedKey=" + psk,
                "SecureTA.LabAllowUnsynchronisedClock=Enable",
                "");
    }

    /** The test's own copy of a profile, owner-only too (it is outside the homes and not walked). */
    private Path secretProfile(String name, String text) throws IOException {
        Path file = dir.resolve("profiles/" + name + ".profile");
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Unit A's Gogo shell, over its standard input and output. */
    /** A line with {@code fragment} among those the unit printed after its {@code from}-th line. */
    private static void awaitAfter(LauncherIT.Unit unit, int from, String fragment) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = from; i < unit.seen.size(); i++) {
                if (unit.seen.get(i).contains(fragment)) {
                    return;
                }
            }
            String line = unit.lines.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (line != null) {
                unit.seen.add(line);
            }
        }
        throw new AssertionError("no line with '" + fragment + "' after the restart:\n"
                + String.join("\n", unit.seen.subList(from, unit.seen.size())));
    }

    private static final class Shell {
        private final LauncherIT.Unit unit;
        private final OutputStream in;
        private int marker;

        Shell(LauncherIT.Unit unit) {
            this.unit = unit;
            this.in = unit.process.getOutputStream();
        }

        /** Runs a command and returns the first output line after it containing {@code expected}. */
        String run(String command, String expected) throws Exception {
            String end = "end-of-output-" + (++marker);
            in.write((command + "\necho " + end + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            List<String> output = new ArrayList<>();
            int from = unit.seen.size();
            unit.await(end);
            for (String line : unit.seen.subList(from, unit.seen.size())) {
                output.add(line.replaceFirst("^((g!|ta>) )+", ""));
            }
            return output.stream().filter(l -> l.contains(expected) && !l.contains(end)).findFirst()
                    .orElseThrow(() -> new AssertionError(command + ": no line with '" + expected + "' in:\n" + String.join("\n", output)));
        }

        void awaitStatus(String subject, String state) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String last = "";
            while (System.nanoTime() < deadline) {
                try {
                    last = run("ta:status", subject);
                    if (last.contains(state)) {
                        return;
                    }
                } catch (AssertionError notYet) {
                    last = notYet.getMessage();
                }
                Thread.sleep(500);
            }
            throw new AssertionError(subject + " not " + state + " after 60 s: " + last);
        }

        void awaitCall(String id, String state) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String last = "";
            while (System.nanoTime() < deadline) {
                try {
                    last = run("ta:calls", id + " ");
                    if (last.contains(" " + state)) {
                        return;
                    }
                    assertFalse(last.contains(" Failed"), last);
                } catch (AssertionError notYet) {
                    last = notYet.getMessage();
                }
                Thread.sleep(200);
            }
            throw new AssertionError("call " + id + " not " + state + ": " + last);
        }
    }

    /** The JSON API of unit A's web management. */
    private static final class Web {
        private final HttpClient http;
        private final String base;
        private String cookie;
        private String csrf;

        Web(int port, IssuedCertificate ca) throws Exception {
            this.base = "https://127.0.0.1:" + port;
            this.http = HttpClient.newBuilder().sslContext(trusting(ca)).build();
        }

        void login(String password) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> r = null;
            while (System.nanoTime() < deadline) {
                try {
                    r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("password=" + password)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 404) {
                        break; // 404 until the servlet is on the whiteboard
                    }
                } catch (IOException notYet) {
                    // the HTTPS server is starting
                }
                Thread.sleep(200);
            }
            HttpResponse<String> answer = r;
            assertTrue(answer != null && answer.statusCode() == 200, () -> "login: " + (answer == null ? "no answer" : answer.body()));
            cookie = r.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            Matcher m = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(r.body());
            assertTrue(m.find(), r.body());
            csrf = m.group(1);
        }

        HttpResponse<String> upload(String category, String fileName, byte[] content) throws Exception {
            String boundary = "----secrets" + System.nanoTime();
            StringBuilder fields = new StringBuilder();
            fields.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\n").append(category).append("\r\n");
            if (category.equals("Host")) {
                fields.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"unsecured\"\r\n\r\non\r\n");
                fields.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"usage\"\r\n\r\nTlsClient,TlsServer\r\n");
            }
            fields.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"").append(fileName)
                    .append("\"\r\n\r\n");
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.write(fields.toString().getBytes(StandardCharsets.US_ASCII));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return http.send(HttpRequest.newBuilder(URI.create(base + "/api/certificates"))
                    .header("Cookie", cookie).header("X-CSRF-Token", csrf)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).header("X-CSRF-Token", csrf)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The lab CA: the web pages present the unit's Host certificate. */
        private static SSLContext trusting(IssuedCertificate ca) throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("lab-ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }
    }
}
