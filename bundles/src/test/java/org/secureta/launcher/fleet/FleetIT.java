package org.secureta.launcher.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.proxykit.FreePorts;
import org.secureta.proxykit.Proxy;

/**
 * {@code ta fleet} as a user runs it (the launcher jar in its own JVM): a small fleet through the
 * fleet's own Kamailio, registration, a short call load with SRTP, the statistics it prints and
 * the CSV it writes.
 */
class FleetIT {

    private static final Path DIST = Path.of(System.getProperty("secureta.dist", "target/secureta"));

    @TempDir
    Path dir;

    private record Run(int code, String output) {
        long figure(String regex) {
            Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(output);
            assertTrue(m.find(), "no '" + regex + "' in:\n" + output);
            return Long.parseLong(m.group(1));
        }
    }

    private Run fleet(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", DIST.resolve("lib/launcher.jar").toString(), "fleet"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), output);
        return new Run(p.exitValue(), output);
    }

    /** One line over TLS with a HostName check, secure RTP keyed by {@code keyManagement}, each unit its own password. */
    private Path template(String keyManagement) throws Exception {
        return Files.writeString(dir.resolve("fleet-" + keyManagement + ".profile"), String.join("\n",
                "SecureTA.LabAllowUnsynchronisedClock=Enable",
                "SipEp.TransportConfig[Lab].TlsEnable=Enable",
                "SipEp.TransportConfig[Lab].RegistrationEnable=Enable",
                "SipEp.TransportConfig[Lab].ContactEnable=Enable",
                "SipEp.TransportTlsVersion=TLSv1_2",
                "SipEp.InteropTlsCertificateValidation=HostName",
                "SipEp.TransportPersistentBasePort=" + FreePorts.persistentBase(2000),
                "SipEp.GwSpecificRegistration[Lab].ServerHost=127.0.0.1:5061",
                "SipEp.UserAgent[Port1].Username=3000",
                "SipEp.UserAgent[Port1].GatewayName=Lab",
                "SipEp.Authentication[Port1].Username=3000",
                "SipEp.Authentication[Port1].Password=fleet-pw-{user}",
                "Mipt.DefaultSecurityRtpMode=Secure",
                "Mipt.DefaultSecurityKeyManagement=" + keyManagement,
                "Mipt.IpTransportSrtpBasePort=0",
                "SecureTA.MikeyPreSharedKey=00112233445566778899aabbccddeeff",
                ""));
    }

    private static void assumeKamailio() {
        boolean present = Proxy.KAMAILIO.find().isPresent();
        if (!present) {
            System.out.println("FleetIT skipped: " + Proxy.KAMAILIO.absence());
        }
        assumeTrue(present, Proxy.KAMAILIO.absence());
    }

    /**
     * The fleet's own proxy knows every unit's credentials: for thousands of units its script outgrows
     * the lab's private memory (Kamailio refused 600 units with "could not allocate private memory from
     * pkg pool" before the fleet sized -M too). Each proxy present starts for 2,000 units and accepts a
     * TLS connection.
     */
    @Test
    void theFleetsProxyStartsForTwoThousandUnits() throws Exception {
        List<Proxy> present = new ArrayList<>();
        for (Proxy kind : List.of(Proxy.KAMAILIO, Proxy.OPENSIPS)) {
            if (kind.find().isPresent()) {
                present.add(kind);
            } else {
                System.out.println("FleetIT: not started for 2,000 units: " + kind.absence());
            }
        }
        assumeTrue(!present.isEmpty(), "neither Kamailio nor OpenSIPS is installed here");
        String text = Files.readString(template("Sdes"));
        for (Proxy kind : present) {
            UnitTemplate units = UnitTemplate.parse(text, "fleet-Sdes.profile", 2000, 3000);
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            try (FleetProxy proxy = FleetProxy.start(kind, DIST, dir.resolve(kind.command() + "-2000"), units, 0, 2000, 2000,
                    new PrintStream(progress, true, StandardCharsets.UTF_8))) {
                String[] hostPort = proxy.registrar().split(":");
                try (SSLSocket socket = (SSLSocket) trustingProxyCa(proxy.caCertificate())
                        .createSocket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                    socket.startHandshake();
                    assertTrue(socket.getSession().isValid(), kind + " completed a TLS handshake");
                }
                assertTrue(progress.toString(StandardCharsets.UTF_8).contains(" -M " + FleetProxy.privateMemoryMb(2000) + " "),
                        progress.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private static SSLSocketFactory trustingProxyCa(Path caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(caCertificate)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    @Test
    void twentyUnitsRegisterThroughTheirKamailioAndCallEachOtherWithSdesKeyedSrtp() throws Exception {
        assumeKamailio();
        Path csv = dir.resolve("fleet.csv");
        Run run = fleet(template("Sdes").toString(), "--units", "20", "--proxy", "kamailio", "--calls-per-second", "2",
                "--call-seconds", "3", "--duration", "8", "--interval", "2", "--csv", csv.toString(), "--max-failed-percent", "0");
        String out = run.output();
        assertEquals(0, run.code(), out);
        assertEquals(20, run.figure("^  units registered +(\\d+) of 20$"), out);
        assertTrue(out.contains("registered 20/20"), "a progress line shows all registered:\n" + out);
        long attempts = run.figure("^  call attempts +(\\d+)$");
        assertTrue(attempts >= 8, "2 calls/s for 8 s (some may find no two units free): " + attempts + "\n" + out);
        assertEquals(attempts, run.figure("^  calls connected +(\\d+) \\(insecure 0\\)$"), out);
        assertEquals(attempts, run.figure("^  calls completed +(\\d+)$"), out);
        assertEquals(0, run.figure("^  calls failed +(\\d+) "), out);
        assertTrue(run.figure("^  SRTP packets +(\\d+) sent") > 0, out);
        assertTrue(run.figure("^  SRTP packets +\\d+ sent, (\\d+) received") > 0, out);
        assertEquals(0, run.figure("^  SRTP auth failures +(\\d+) "), out);
        assertTrue(out.matches("(?s).*set-up time \\(ms\\) +p50 \\d+ +p95 \\d+ +p99 \\d+ +max \\d+.*"), out);
        // Units without a Host certificate (as a fleet's are) are said so once, not counted as 20 problems.
        assertTrue(!out.contains("unit problems"), out);
        assertEquals(1, out.split("the units have no Host certificate", -1).length - 1, out);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(FleetStatistics.csvHeader(), rows.get(0));
        assertTrue(rows.size() >= 5, "a row every 2 s over at least 8 s: " + rows);
        String last = rows.get(rows.size() - 1);
        String[] cells = last.split(",", -1);
        assertEquals(FleetStatistics.csvHeader().split(",").length, cells.length, last);
        assertEquals("20", cells[4], "registered, in the last row: " + last);
        assertEquals(Long.toString(attempts), cells[6], "calls attempted, in the last row: " + last);
        // The proxy ran from the fleet's home, sized for the units.
        assertTrue(out.contains("-m 67 "), "64 MB + 128 KiB per unit for 20 units:\n" + out);
    }

    @Test
    void mikeyKeyedCallsConnectAndAMissedThresholdFailsTheRun() throws Exception {
        assumeKamailio();
        Run run = fleet(template("Mikey").toString(), "--units", "6", "--proxy", "kamailio", "--first-user", "7100",
                "--calls-per-second", "1", "--call-seconds", "2", "--duration", "4", "--max-setup-p95-ms", "0.5");
        String out = run.output();
        assertEquals(1, run.code(), "no call sets up in half a millisecond:\n" + out);
        assertTrue(out.contains("users 7100..7105"), out);
        assertEquals(6, run.figure("^  units registered +(\\d+) of 6$"), out);
        long connected = run.figure("^  calls connected +(\\d+) \\(insecure 0\\)$");
        assertTrue(connected >= 2, out);
        assertEquals(0, run.figure("^  calls failed +(\\d+) "), out);
        assertTrue(run.figure("^  SRTP packets +\\d+ sent, (\\d+) received") > 0, out);
        assertEquals(0, run.figure("^  SRTP auth failures +(\\d+) "), out);
        assertTrue(out.matches("(?s).*fleet: threshold missed: set-up time p95 \\d+ ms, above --max-setup-p95-ms 0\\.5.*"), out);
    }

    /**
     * An engineer's Prometheus scrapes the fleet while it runs: registrations, links and calls of
     * all its units in one exposition, strictly parsed; a wrong method is refused by name.
     */
    @Test
    void theFleetServesItsUnitsFiguresAsPrometheusMetricsWhileItRuns() throws Exception {
        assumeKamailio();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", DIST.resolve("lib/launcher.jar").toString(), "fleet", template("Sdes").toString(), "--units", "6",
                "--proxy", "kamailio", "--first-user", "7300", "--calls-per-second", "1", "--call-seconds", "2", "--duration", "30",
                "--interval", "1", "--metrics-port", "0"));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException ended) {
                // the fleet stopped
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String url = awaitLine(lines, seen, "fleet: metrics at http://127.0.0.1:").replaceAll(".*(http://\\S+).*", "$1");
            awaitLine(lines, seen, "registered 6/6");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            org.secureta.provisioning.metrics.PrometheusTextParser metrics = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
            // Calls end every second from here on: scrape until one has ended with its SRTP counted.
            while (System.nanoTime() < deadline) {
                java.net.http.HttpResponse<String> scrape = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode(), scrape.body());
                assertTrue(scrape.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
                metrics = org.secureta.provisioning.metrics.PrometheusTextParser.parse(scrape.body());
                if (metrics.require("secureta_calls_ended_total", "direction", "out", "state", "Ended") >= 1) {
                    break;
                }
                lines.poll(500, TimeUnit.MILLISECONDS);
            }
            assertEquals(6, metrics.require("secureta_registrations", "state", "Registered"), "every unit's line, in one series");
            assertEquals(6, metrics.require("secureta_tls_links", "state", "Up"));
            assertEquals(6, metrics.require("secureta_tls_link_connects_total"));
            assertTrue(metrics.require("secureta_calls_ended_total", "direction", "out", "state", "Ended") >= 1, "a call ended in 25 s");
            assertTrue(metrics.require("secureta_call_setup_seconds_count") >= 1);
            assertTrue(metrics.require("secureta_srtp_packets_total", "direction", "received") > 0);
            assertEquals(0, metrics.require("secureta_srtp_auth_failures_total"));

            java.net.http.HttpResponse<String> post = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertTrue(post.body().contains("POST is not allowed on /metrics"), post.body());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the fleet stops on SIGTERM");
        }
    }

    private static String awaitLine(java.util.concurrent.BlockingQueue<String> lines, StringBuilder seen, String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.contains(fragment)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line with '" + fragment + "' in:\n" + seen);
    }

    /** Shard 1 of 2 runs the second half of the users, through the fleet's own OpenSIPS. */
    @Test
    void aShardRunsItsOwnSliceThroughOpenSips() throws Exception {
        boolean present = Proxy.OPENSIPS.find().isPresent();
        if (!present) {
            System.out.println("FleetIT shard test skipped: " + Proxy.OPENSIPS.absence());
        }
        assumeTrue(present, Proxy.OPENSIPS.absence());
        Run run = fleet(template("Sdes").toString(), "--units", "10", "--shard", "1/2", "--proxy", "opensips", "--first-user", "8000",
                "--calls-per-second", "1", "--call-seconds", "2", "--duration", "4");
        String out = run.output();
        assertEquals(0, run.code(), out);
        assertTrue(out.contains("5 units (shard 1/2 of 10: units 5..9), users 8005..8009"), out);
        assertEquals(5, run.figure("^  units registered +(\\d+) of 5$"), out);
        assertTrue(run.figure("^  calls connected +(\\d+) \\(insecure 0\\)$") >= 2, out);
        assertEquals(0, run.figure("^  calls failed +(\\d+) "), out);
        assertEquals(0, run.figure("^  SRTP auth failures +(\\d+) "), out);
        assertTrue(out.contains("(4 workers, for 5 units;"), "the proxy sized for the shard's units:\n" + out);
    }

    /**
     * Without --proxy the units register where the template says, trusting the CAs of the fleet's
     * home; the HostName check holds: the same proxy named by a name its certificate does not carry
     * (localhost; its SAN is 127.0.0.1) gets no unit registered, and the run says why and fails.
     */
    @Test
    void unitsRegisterAtTheTemplatesProxyOnlyWhenItsCertificateNamesIt() throws Exception {
        assumeKamailio();
        ByteArrayOutputStream labOutput = new ByteArrayOutputStream();
        try (org.secureta.launcher.scenario.ProxyLab lab = org.secureta.launcher.scenario.ProxyLab.create(Proxy.KAMAILIO, DIST,
                dir.resolve("lab"), List.of(), new PrintStream(labOutput, true, StandardCharsets.UTF_8))) {
            java.util.Map<String, org.secureta.launcher.UnitProfile> users = new java.util.LinkedHashMap<>();
            for (int user = 3000; user < 3004; user++) {
                users.put("u" + user, org.secureta.launcher.UnitProfile.tlsLine(Integer.toString(user), "fleet-pw-" + user, lab.registrar(), 20000));
            }
            lab.startProxy(users);
            Path home = dir.resolve("external.fleet");
            Files.createDirectories(home.resolve("certs/other"));
            Files.copy(lab.kit().caCertificate(), home.resolve("certs/other/lab-ca.crt"));
            Path byAddress = Files.writeString(dir.resolve("external.profile"),
                    Files.readString(template("Sdes")).replace("127.0.0.1:5061", lab.registrar()));
            Run run = againIfTheProxyCrashed(lab, () -> fleet(byAddress.toString(), "--units", "4", "--home", home.toString(), "--duration", "1"));
            assertEquals(0, run.code(), () -> run.output() + "\nthe lab's " + lab.kind().displayName()
                    + (lab.proxy().isRunning() ? " runs" : " has exited") + "; its log ends with:\n" + lab.proxy().logTail(30));
            assertEquals(4, run.figure("^  units registered +(\\d+) of 4$"), run.output());

            String port = lab.registrar().substring(lab.registrar().indexOf(':') + 1);
            Path byName = Files.writeString(dir.resolve("by-name.profile"),
                    Files.readString(template("Sdes")).replace("127.0.0.1:5061", "localhost:" + port));
            Run refused = againIfTheProxyCrashed(lab, () -> fleet(byName.toString(), "--units", "4", "--home", home.toString(), "--duration", "1",
                    "--register-timeout", "20"));
            String out = refused.output();
            assertEquals(1, refused.code(), out);
            assertEquals(0, refused.figure("^  units registered +(\\d+) of 4$"), out);
            assertTrue(out.contains("  not registered            4"), out);
            assertTrue(out.matches("(?s).*\\n    4 x link \\w+: .*localhost.*"), "the reason names the host the certificate lacks:\n" + out);
            assertTrue(out.contains("fleet: threshold missed: 0 of 4 units registered"), out);
        }
    }

    /**
     * Runs the fleet again, once, when the lab's proxy itself crashed meanwhile (a worker killed by
     * a signal: Kamailio 5.6 with OpenSSL 3, upstream kamailio#3791, see ProxyProcess.firstHandshake),
     * saying so; any other outcome, a failure of ours included, is returned as it is.
     */
    private static Run againIfTheProxyCrashed(org.secureta.launcher.scenario.ProxyLab lab, java.util.concurrent.Callable<Run> fleetRun)
            throws Exception {
        Run first = fleetRun.call();
        if (lab.proxy().isRunning() || !lab.proxy().logTail(60).contains("exited by a signal")) {
            return first;
        }
        System.out.println("FleetIT: the lab's " + lab.kind().displayName() + " crashed during the run (its log: "
                + lab.proxy().logLines("exited by a signal") + "); started again, the run repeated once");
        lab.restartProxy();
        return fleetRun.call();
    }

    @Test
    void badArgumentsAndTemplatesAreRefusedWithTheReason() throws Exception {
        Run zero = fleet(template("Sdes").toString(), "--units", "0");
        assertEquals(64, zero.code(), zero.output());
        assertTrue(zero.output().contains("ta fleet: --units must be 1 to 100000, not 0"), zero.output());

        Run missing = fleet(dir.resolve("nothing.profile").toString(), "--units", "3");
        assertEquals(64, missing.code(), missing.output());
        assertTrue(missing.output().contains("ta fleet: no template profile"), missing.output());

        Path bad = Files.writeString(dir.resolve("bad.profile"), Files.readString(template("Sdes"))
                .replace("SipEp.TransportTlsVersion=TLSv1_2", "SipEp.TransportTlsVersion=TLSv9"));
        Run invalid = fleet(bad.toString(), "--units", "3", "--home", dir.resolve("bad.fleet").toString());
        assertEquals(64, invalid.code(), invalid.output());
        assertTrue(invalid.output().contains("does not make a valid unit profile") && invalid.output().contains("SipEp.TransportTlsVersion"),
                invalid.output());
        assertTrue(!invalid.output().contains("fleet-pw-"), "no password in the error:\n" + invalid.output());
    }
}
