package org.secureta.opensips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.certs.CertificateStore;
import org.secureta.provisioning.certs.HostUsage;
import org.secureta.provisioning.certs.LoadReport;
import org.secureta.transport.CertificateValidation;
import org.secureta.transport.pki.AtomicFiles;
import org.secureta.transport.pki.CertificateChecker;
import org.secureta.transport.pki.CertificateFailure;
import org.secureta.transport.pki.CheckResult;
import org.secureta.transport.pki.ExpectedServer;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.ServerIdentity;
import org.secureta.transport.pki.UnitTrustManager;

/** The {@code certs} kit gives certificates the unit's own checks accept, and files laid out as they are installed. */
class CertificateKitTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int certs(String... args) {
        return Cli.certs(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private CheckResult hostNameCheck(Path kit, String configuredHost) throws Exception {
        X509Certificate ca = PemFiles.readCertificate(kit.resolve("proxy/ca.crt"));
        List<X509Certificate> chain = PemFiles.readCertificates(kit.resolve("proxy/proxy.crt"));
        return new CertificateChecker(CertificateValidation.HostName, List.of(ca), Clock.systemUTC())
                .checkServer(chain, ServerIdentity.of(configuredHost));
    }

    @Test
    void theProxyCertificatePassesTheUnitsHostNameCheckForEachProxyHostGiven() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "192.0.2.10", "--proxy-host", "proxy.lab.example"));
        assertTrue(hostNameCheck(kit, "192.0.2.10").isOk(), hostNameCheck(kit, "192.0.2.10").message());
        assertTrue(hostNameCheck(kit, "proxy.lab.example").isOk());
        assertEquals(CertificateFailure.HOST_MISMATCH, hostNameCheck(kit, "192.0.2.11").failure().orElseThrow(),
                "an address the kit was not asked for is not in the SAN");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("SAN IP:192.0.2.10, DNS:proxy.lab.example"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aUnitsHostCertificateNamesTheLoopbackAddressAndTheUnitByDefaultSoItsWebPagesOpenByAddress() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "127.0.0.1", "--unit", "ta1", "--unit", "lab_unit"));
        X509Certificate ta1 = PemFiles.readCertificate(kit.resolve("units/ta1/certs/host/ta1.crt"));
        java.util.Set<String> sans = new java.util.HashSet<>();
        for (List<?> san : ta1.getSubjectAlternativeNames()) {
            sans.add(san.get(0) + ":" + san.get(1));
        }
        assertEquals(java.util.Set.of("7:127.0.0.1", "2:ta1"), sans, "iPAddress 127.0.0.1 and dNSName ta1");
        X509Certificate underscore = PemFiles.readCertificate(kit.resolve("units/lab_unit/certs/host/lab_unit.crt"));
        assertEquals(1, underscore.getSubjectAlternativeNames().size(), "a name with '_' is no DNS name: the address only");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Unit ta1 (SAN IP:127.0.0.1, DNS:ta1)"), printed);
    }

    @Test
    void aKitCertificateMadeForAnotherHostIsRefusedByTheUnitWithHostMismatch() throws Exception {
        Path kit = dir.resolve("other");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "other.lab.example"));
        // The unit trusts this kit's CA, but its registrar is proxy.lab.example.
        X509Certificate ca = PemFiles.readCertificate(kit.resolve("ca/ca.crt"));
        UnitTrustManager unit = new UnitTrustManager(new CertificateChecker(CertificateValidation.HostName, List.of(ca), Clock.systemUTC()),
                ExpectedServer.fixed(ServerIdentity.of("proxy.lab.example")));
        X509Certificate[] chain = PemFiles.readCertificates(kit.resolve("proxy/proxy.crt")).toArray(X509Certificate[]::new);
        CertificateException refused = assertThrows(CertificateException.class, () -> unit.checkServerTrusted(chain, "RSA"));
        assertTrue(refused.getMessage().startsWith("HOST_MISMATCH"), refused.getMessage());
        assertEquals(CertificateFailure.HOST_MISMATCH, unit.lastFailure().orElseThrow().failure().orElseThrow());
    }

    @Test
    void eachUnitsFilesLoadIntoTheUnitsCertificateStoreAsTheyAreLaidOut() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "192.0.2.10", "--unit", "unit1", "--unit", "unit2"));
        for (String unit : List.of("unit1", "unit2")) {
            // The kit's units/NAME folder is a unit HOME: certs/host and certs/other.
            CertificateStore store = new CertificateStore(kit.resolve("units/" + unit), Clock.systemUTC());
            LoadReport report = store.load();
            assertEquals(List.of(), report.problems());
            assertEquals(2, report.loaded().size());
            assertEquals("CN=" + unit, store.hostCertificate(HostUsage.TlsClient).orElseThrow().subject());
            // The unit, with only this CA as "Other", trusts the proxy's certificate.
            List<X509Certificate> proxyChain = PemFiles.readCertificates(kit.resolve("proxy/proxy.crt"));
            assertTrue(new CertificateChecker(CertificateValidation.HostName, store.trustAnchors(), Clock.systemUTC())
                    .checkServer(proxyChain, ServerIdentity.of("192.0.2.10")).isOk());
            // And the proxy, with its CA list, accepts the unit's Host certificate as a client certificate.
            assertTrue(new CertificateChecker(CertificateValidation.TrustedCertificate,
                    PemFiles.readCertificates(kit.resolve("proxy/ca.crt")), Clock.systemUTC())
                    .checkClient(store.hostCertificate(HostUsage.TlsClient).orElseThrow().chain()).isOk());
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("HOME/certs/other/"), printed);
        assertTrue(printed.contains("HOME/certs/host/"), printed);
    }

    @Test
    void privateKeysAreOwnerOnlyAndTheCaKeyStaysInTheCaFolder() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "192.0.2.10", "--unit", "unit1"));
        for (String key : List.of("ca/ca.key", "proxy/proxy.key", "units/unit1/certs/host/unit1.key")) {
            assertTrue(AtomicFiles.isOwnerOnly(kit.resolve(key)), key);
        }
        try (var files = Files.walk(kit)) {
            assertEquals(List.of(kit.resolve("ca/ca.key")), files.filter(p -> p.getFileName().toString().equals("ca.key")).toList());
        }
    }

    @Test
    void ecKeysAndTheValidityAskedFor() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "192.0.2.10", "--key", "ec", "--days", "30"));
        assertEquals("EC", PemFiles.readPrivateKey(kit.resolve("proxy/proxy.key")).getAlgorithm());
        Instant notAfter = PemFiles.readCertificate(kit.resolve("proxy/proxy.crt")).getNotAfter().toInstant();
        assertTrue(Duration.between(Instant.now(), notAfter).toDays() == 29 || Duration.between(Instant.now(), notAfter).toDays() == 30,
                "valid for 30 days: " + notAfter);
    }

    @Test
    void anExistingKitIsNeverOverwritten() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "192.0.2.10"));
        byte[] caKey = Files.readAllBytes(kit.resolve("ca/ca.key"));
        assertEquals(Cli.BAD_INPUT, certs("--out", kit.toString(), "--proxy-host", "192.0.2.10"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already holds a kit"), err.toString(StandardCharsets.UTF_8));
        assertTrue(java.util.Arrays.equals(caKey, Files.readAllBytes(kit.resolve("ca/ca.key"))));
        assertFalse(Files.exists(kit.resolve("units")));
    }

    @Test
    void aUnitGivenItsAddressesGetsThemInItsHostCertificateSoAnotherUnitCanCheckItByHostName() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "127.0.0.1", "--unit", "ta-a=127.0.0.1,ta-a.lab.example",
                "--unit", "ta-b"));
        X509Certificate ca = PemFiles.readCertificate(kit.resolve("ca/ca.crt"));
        CertificateChecker peer = new CertificateChecker(CertificateValidation.HostName, List.of(ca), Clock.systemUTC());
        List<X509Certificate> unitA = PemFiles.readCertificates(kit.resolve("units/ta-a/certs/host/ta-a.crt"));
        assertTrue(peer.checkServer(unitA, ServerIdentity.of("127.0.0.1")).isOk());
        assertTrue(peer.checkServer(unitA, ServerIdentity.of("ta-a.lab.example")).isOk());
        List<X509Certificate> unitB = PemFiles.readCertificates(kit.resolve("units/ta-b/certs/host/ta-b.crt"));
        assertEquals(CertificateFailure.HOST_MISMATCH, peer.checkServer(unitB, ServerIdentity.of("192.0.2.7")).failure().orElseThrow(),
                "without addresses a Host certificate names only the unit and the loopback address");
        assertTrue(peer.checkServer(unitB, ServerIdentity.of("ta-b")).isOk());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Unit ta-a (SAN IP:127.0.0.1, DNS:ta-a.lab.example)"), printed);
    }

    @Test
    void aUnitAddressThatIsNotAHostIsRefusedNamingIt() {
        assertEquals(Cli.BAD_INPUT, certs("--out", dir.resolve("kit").toString(), "--proxy-host", "127.0.0.1", "--unit", "ta-a=127.0.0.1,bad host"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--unit ta-a='bad host' is not an IPv4 address"), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("kit")));
    }
}
