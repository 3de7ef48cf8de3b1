package org.secureta.provisioning.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.CertificateSpec;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyEncoding;
import org.secureta.transport.pki.KeyType;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.Validity;

class CertificateStoreTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Set<HostUsage> BOTH = EnumSet.allOf(HostUsage.class);
    private static final char[] PASSWORD = "unit-pass".toCharArray();

    private static CertificateKit kit;
    private static IssuedCertificate root;
    private static IssuedCertificate intermediate;
    private static IssuedCertificate unit;

    @TempDir
    Path home;
    private CertificateStore store;

    @BeforeAll
    static void createPki() throws Exception {
        kit = new CertificateKit(CLOCK);
        root = kit.certificateAuthority("Lab Root CA");
        intermediate = kit.issue(CertificateSpec.certificateAuthority("Lab Issuing CA"), root);
        unit = kit.host("ta7102-1", intermediate, "192.0.2.30");
    }

    @BeforeEach
    void openStore() throws IOException {
        store = new CertificateStore(home, CLOCK);
        assertEquals(List.of(), store.load().problems());
    }

    // ------------------------------------------------------------ Other certificates

    @Test
    void otherCaInPemIsListedWithIssuedToIssuedByAndDates() throws Exception {
        List<CertificateEntry> added = store.addOther(pem(root), "root.crt");
        assertEquals(1, added.size());
        CertificateEntry entry = added.get(0);
        assertEquals(CertificateCategory.Other, entry.category());
        assertEquals("Lab Root CA", entry.issuedTo());
        assertEquals("Lab Root CA", entry.issuedBy());
        assertEquals(root.certificate().getNotBefore().toInstant(), entry.validFrom());
        assertEquals(root.certificate().getNotAfter().toInstant(), entry.validTo());
        assertEquals(Set.of(), entry.usage());
        assertEquals(List.of(entry), store.list());
        assertEquals(List.of(root.certificate()), store.trustAnchors());
    }

    @Test
    void otherCaInDerIsAccepted() throws Exception {
        store.addOther(root.certificate().getEncoded(), "root.der");
        assertEquals(List.of(root.certificate()), store.trustAnchors());
    }

    @Test
    void chainFileRootFirstAddsEveryCa() throws Exception {
        byte[] chain = PemFiles.certificatesPem(List.of(root.certificate(), intermediate.certificate())).getBytes(StandardCharsets.US_ASCII);
        List<CertificateEntry> added = store.addOther(chain, "chain.pem");
        assertEquals(List.of("Lab Root CA", "Lab Issuing CA"), added.stream().map(CertificateEntry::issuedTo).toList());
        assertEquals("Lab Root CA", added.get(1).issuedBy());
        assertEquals(2, store.trustAnchors().size());
    }

    @Test
    void chainFileWithTheIssuerAfterItsCertificateIsRefusedAsNotRootFirst() throws Exception {
        byte[] leafFirst = PemFiles.certificatesPem(List.of(intermediate.certificate(), root.certificate())).getBytes(StandardCharsets.US_ASCII);
        CertificateRejectedException e = assertRefused(() -> store.addOther(leafFirst, "chain.pem"), Rejection.CHAIN_ORDER);
        assertEquals("chain.pem: the chain must be root first, but CN=Lab Issuing CA (certificate 1) comes before its issuer CN=Lab Root CA (certificate 2)",
                e.getMessage());
    }

    @Test
    void otherWithoutCaFlagIsRefused() throws Exception {
        CertificateRejectedException e = assertRefused(() -> store.addOther(pem(unit), "unit.crt"), Rejection.CA_FLAG_MISSING);
        assertTrue(e.getMessage().startsWith("unit.crt: CN=ta7102-1 is not a CA certificate (CA flag missing"), e.getMessage());
    }

    @Test
    void otherChainWithOneLeafIsRefusedWhole() throws Exception {
        byte[] mixed = PemFiles.certificatesPem(List.of(root.certificate(), intermediate.certificate(), unit.certificate()))
                .getBytes(StandardCharsets.US_ASCII);
        assertRefused(() -> store.addOther(mixed, "mixed.pem"), Rejection.CA_FLAG_MISSING);
        assertEquals(List.of(), store.trustAnchors(), "nothing from the refused file is used");
    }

    @Test
    void fileThatIsNotACertificateIsRefused() {
        CertificateRejectedException e = assertRefused(
                () -> store.addOther("<html>login</html>".getBytes(StandardCharsets.US_ASCII), "index.html"), Rejection.NOT_A_CERTIFICATE);
        assertTrue(e.getMessage().startsWith("index.html: not a certificate"), e.getMessage());
    }

    @Test
    void truncatedPemIsRefused() throws Exception {
        byte[] whole = pem(root);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 40);
        CertificateRejectedException e = assertRefused(() -> store.addOther(cut, "root.crt"), Rejection.TRUNCATED_PEM);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void expiredAndNotYetValidCasAreRefusedByTheUnitClock() throws Exception {
        IssuedCertificate old = kit.selfSigned(CertificateSpec.certificateAuthority("Old CA").withValidity(Validity.expiredSince(CLOCK, Duration.ofDays(1))));
        IssuedCertificate early = kit.selfSigned(CertificateSpec.certificateAuthority("Early CA").withValidity(Validity.startingIn(CLOCK, Duration.ofHours(2))));
        CertificateRejectedException expired = assertRefused(() -> store.addOther(pem(old), "old.crt"), Rejection.EXPIRED);
        assertTrue(expired.getMessage().startsWith("old.crt: CN=Old CA expired on 2025-05-31T12:00:00Z (unit time 2025-06-01T12:00:00Z"), expired.getMessage());
        CertificateRejectedException notYet = assertRefused(() -> store.addOther(pem(early), "early.crt"), Rejection.NOT_YET_VALID);
        assertTrue(notYet.getMessage().contains("is not valid before 2025-06-01T14:00:00Z"), notYet.getMessage());
    }

    @Test
    void otherUploadCarryingAPrivateKeyIsRefused() throws Exception {
        byte[] withKey = concat(pem(root), PemFiles.privateKeyPem(root.privateKey(), KeyEncoding.PKCS8));
        CertificateRejectedException e = assertRefused(() -> store.addOther(withKey, "root-with-key.pem"), Rejection.PRIVATE_KEY_NOT_ALLOWED);
        assertTrue(e.getMessage().contains("never comes with its key"), e.getMessage());
    }

    @Test
    void sameCaTwiceIsRefusedAsDuplicate() throws Exception {
        store.addOther(pem(root), "root.crt");
        assertRefused(() -> store.addOther(root.certificate().getEncoded(), "root.der"), Rejection.DUPLICATE);
        assertEquals(1, store.list().size());
    }

    // ------------------------------------------------------------ Host certificates

    @Test
    void hostUploadIsRefusedUnlessUnsecuredTransferIsActivated() throws Exception {
        byte[] combined = combinedPem(unit);
        CertificateRejectedException e = assertRefused(() -> store.addHost(combined, "unit.pem", null, BOTH, false), Rejection.UNSECURED_TRANSFER_REQUIRED);
        assertTrue(e.getMessage().contains("private key, which would travel in clear text"), e.getMessage());
        assertTrue(e.getMessage().contains("guide section 2.3"), e.getMessage());
        assertRefused(() -> store.addHost(PemFiles.pkcs12(unit, PASSWORD), "unit.p12", PASSWORD, BOTH, false), Rejection.UNSECURED_TRANSFER_REQUIRED);
        assertEquals(List.of(), store.list());
    }

    @Test
    void hostPemWithKeyAndChainIsStoredWithAnOwnerOnlyKeyFileAndListedWithoutIt() throws Exception {
        CertificateEntry entry = store.addHost(combinedPem(unit), "unit.pem", null, Set.of(HostUsage.TlsServer), true);
        assertEquals(CertificateCategory.Host, entry.category());
        assertEquals("ta7102-1", entry.issuedTo());
        assertEquals("Lab Issuing CA", entry.issuedBy());
        assertEquals(Set.of(HostUsage.TlsServer), entry.usage());

        Path keyFile = onlyFile(store.hostFolder(), ".key");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(keyFile));
        String listed = Files.readString(store.hostFolder().resolve(entry.fileName()));
        assertFalse(listed.contains("PRIVATE KEY"), "the listed file holds certificates only");
        assertFalse(store.list().toString().contains(".key"));
        assertEquals(unit.chain(), store.hostCertificate(HostUsage.TlsServer).orElseThrow().chain());
    }

    @Test
    void hostCertificateAndKeyInTwoFilesAreAccepted() throws Exception {
        store.addHost(pem(unit), "unit.crt", PemFiles.privateKeyPem(unit.privateKey(), KeyEncoding.TRADITIONAL), "unit.key", BOTH, true);
        assertEquals(unit.privateKey(), store.hostCertificate(HostUsage.TlsClient).orElseThrow().privateKey());
    }

    @Test
    void hostPkcs12OpensWithItsPasswordOnly() throws Exception {
        byte[] p12 = PemFiles.pkcs12(unit, PASSWORD);
        CertificateRejectedException e = assertRefused(() -> store.addHost(p12, "unit.p12", "wrong".toCharArray(), BOTH, true), Rejection.WRONG_PASSWORD);
        assertEquals("unit.p12: wrong password for the PKCS#12 file", e.getMessage());
        store.addHost(p12, "unit.p12", PASSWORD, BOTH, true);
        assertEquals(unit.certificate(), store.hostCertificate(HostUsage.TlsClient).orElseThrow().certificate());
    }

    @Test
    void hostKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
        IssuedCertificate other = kit.host("ta7102-2", intermediate);
        byte[] mismatched = concat(pem(unit), PemFiles.privateKeyPem(other.privateKey(), KeyEncoding.PKCS8));
        CertificateRejectedException e = assertRefused(() -> store.addHost(mismatched, "unit.pem", null, BOTH, true), Rejection.KEY_MISMATCH);
        assertTrue(e.getMessage().contains("does not match the certificate CN=ta7102-1"), e.getMessage());
        assertRefused(() -> store.addHost(pem(unit), "unit.crt", PemFiles.privateKeyPem(other.privateKey(), KeyEncoding.PKCS8), "other.key", BOTH, true),
                Rejection.KEY_MISMATCH);
    }

    @Test
    void hostWithoutKeyWithoutUsageOrOutOfDateIsRefused() throws Exception {
        assertRefused(() -> store.addHost(pem(unit), "unit.crt", null, BOTH, true), Rejection.MISSING_PRIVATE_KEY);
        assertRefused(() -> store.addHost(combinedPem(unit), "unit.pem", null, Set.of(), true), Rejection.NO_USAGE);
        IssuedCertificate old = kit.issue(CertificateSpec.host("ta-old", "192.0.2.31").withValidity(Validity.expiredSince(CLOCK, Duration.ofMinutes(1))), root);
        assertRefused(() -> store.addHost(combinedPem(old), "old.pem", null, BOTH, true), Rejection.EXPIRED);
        IssuedCertificate early = kit.issue(CertificateSpec.host("ta-new").withValidity(Validity.startingIn(CLOCK, Duration.ofMinutes(1))), root);
        assertRefused(() -> store.addHost(PemFiles.pkcs12(early, PASSWORD), "new.p12", PASSWORD, BOTH, true), Rejection.NOT_YET_VALID);
        assertRefused(() -> store.addHost(new byte[] {1, 2, 3}, "junk.bin", null, BOTH, true), Rejection.NOT_A_CERTIFICATE);
    }

    @Test
    void hostCertificateIsChosenByUsage() throws Exception {
        IssuedCertificate client = kit.issue(CertificateSpec.host("ta-client").withKeyType(KeyType.EC_P256), root);
        store.addHost(combinedPem(unit), "server.pem", null, Set.of(HostUsage.TlsServer), true);
        store.addHost(combinedPem(client), "client.pem", null, Set.of(HostUsage.TlsClient), true);
        assertEquals(unit.certificate(), store.hostCertificate(HostUsage.TlsServer).orElseThrow().certificate());
        assertEquals(client.certificate(), store.hostCertificate(HostUsage.TlsClient).orElseThrow().certificate());
        assertEquals(client.certificate(), store.keyManager(HostUsage.TlsClient).orElseThrow().getCertificateChain("host")[0]);
    }

    // ------------------------------------------------------------ start, restart, delete

    @Test
    void uploadsSurviveARestartWithTheSameIds() throws Exception {
        store.addOther(pem(root), "root.crt");
        store.addHost(combinedPem(unit), "unit.pem", null, Set.of(HostUsage.TlsClient), true);
        List<CertificateEntry> before = store.list();

        CertificateStore restarted = new CertificateStore(home, CLOCK);
        LoadReport report = restarted.load();
        assertEquals(List.of(), report.problems());
        assertEquals(before, report.loaded());
        assertEquals(unit.privateKey(), restarted.hostCertificate(HostUsage.TlsClient).orElseThrow().privateKey());
    }

    @Test
    void filesPlacedBeforeStartAreCheckedLikeUploadsAndBadOnesReportedNotUsed() throws Exception {
        Path other = store.otherFolder();
        Path host = store.hostFolder();
        Files.write(other.resolve("root.pem"), pem(root));
        Files.write(other.resolve("leaf.pem"), pem(unit));
        Files.write(other.resolve("cut.pem"), java.util.Arrays.copyOf(pem(intermediate), 100));
        Files.writeString(other.resolve("README.txt"), "put CA certificates here\n");
        IssuedCertificate oldCa = kit.selfSigned(CertificateSpec.certificateAuthority("Old CA").withValidity(Validity.expiredSince(CLOCK, Duration.ofDays(3))));
        Files.write(other.resolve("old.der"), oldCa.certificate().getEncoded());

        PemFiles.writeCertificates(host.resolve("unit.crt"), unit.chain());
        Files.write(host.resolve("unit.key"), PemFiles.privateKeyPem(unit.privateKey(), KeyEncoding.PKCS8));
        Files.setPosixFilePermissions(host.resolve("unit.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(host.resolve("orphan.key"), PemFiles.privateKeyPem(unit.privateKey(), KeyEncoding.PKCS8));
        IssuedCertificate other2 = kit.host("ta7102-2", intermediate);
        PemFiles.writeCertificate(host.resolve("mismatch.crt"), unit.certificate());
        Files.write(host.resolve("mismatch.key"), PemFiles.privateKeyPem(other2.privateKey(), KeyEncoding.PKCS8));
        Files.write(host.resolve("bundle.p12"), PemFiles.pkcs12(other2, PASSWORD));
        Files.write(host.resolve("combo.pem"), combinedPem(other2));
        Files.writeString(host.resolve("combo.properties"), "usage=TlsServer\n");
        IssuedCertificate third = kit.host("ta7102-3", root);
        Files.write(host.resolve("typo.pem"), combinedPem(third));
        Files.writeString(host.resolve("typo.properties"), "usage=TlsSever\n");
        Files.write(other.resolve(".write-123.tmp"), "half-written".getBytes(StandardCharsets.US_ASCII));

        LoadReport report = new CertificateStore(home, CLOCK).load();

        assertEquals(List.of("ta7102-1", "ta7102-2", "Lab Root CA"), report.loaded().stream().map(CertificateEntry::issuedTo).toList());
        assertEquals(BOTH, report.loaded().get(0).usage(), "no usage file: both roles");
        assertEquals(Set.of(HostUsage.TlsServer), report.loaded().get(1).usage());
        Map<String, Rejection> problems = report.problems().stream()
                .collect(Collectors.toMap(LoadReport.Problem::fileName, LoadReport.Problem::reason));
        assertEquals(Map.of(
                "leaf.pem", Rejection.CA_FLAG_MISSING,
                "cut.pem", Rejection.TRUNCATED_PEM,
                "README.txt", Rejection.NOT_A_CERTIFICATE,
                "old.der", Rejection.EXPIRED,
                "orphan.key", Rejection.MISSING_CERTIFICATE,
                "mismatch.crt", Rejection.KEY_MISMATCH,
                "bundle.p12", Rejection.UNSUPPORTED,
                "typo.properties", Rejection.NO_USAGE), problems);
        report.problems().forEach(p -> assertTrue(p.message().startsWith(p.fileName()), p.message()));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(host.resolve("unit.key")),
                "a key placed readable by others is made owner-only");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(host.resolve("combo.pem")),
                "so is a certificate file that holds the key too");
    }

    @Test
    void refusedUploadsLeaveTheFoldersUntouched() throws Exception {
        store.addOther(pem(root), "root.crt");
        Map<String, String> before = folderContents();
        assertRefused(() -> store.addOther(pem(unit), "leaf.crt"), Rejection.CA_FLAG_MISSING);
        assertRefused(() -> store.addHost(pem(unit), "unit.crt", PemFiles.privateKeyPem(root.privateKey(), KeyEncoding.PKCS8), "k.key", BOTH, true),
                Rejection.KEY_MISMATCH);
        assertRefused(() -> store.addHost(combinedPem(unit), "unit.pem", null, BOTH, false), Rejection.UNSECURED_TRANSFER_REQUIRED);
        assertEquals(before, folderContents());
    }

    @Test
    void deleteRemovesTheCertificateAndForAHostItsKey() throws Exception {
        CertificateEntry ca = store.addOther(pem(root), "root.crt").get(0);
        CertificateEntry host = store.addHost(combinedPem(unit), "unit.pem", null, BOTH, true);
        assertEquals(4, folderContents().size());

        assertTrue(store.delete(host.id()));
        assertTrue(store.hostCertificate(HostUsage.TlsClient).isEmpty());
        assertEquals(1, folderContents().size(), "certificate, key and usage files are gone");
        assertTrue(store.delete(ca.id()));
        assertEquals(Map.of(), folderContents());
        assertFalse(store.delete(ca.id()));
        assertEquals(List.of(), new CertificateStore(home, CLOCK).load().loaded());
    }

    @Test
    void deletingOneCaOfAPlacedChainFileKeepsTheOthers() throws Exception {
        PemFiles.writeCertificates(store.otherFolder().resolve("lab-chain.pem"), List.of(root.certificate(), intermediate.certificate()));
        List<CertificateEntry> loaded = store.load().loaded();
        CertificateEntry issuing = loaded.stream().filter(e -> e.issuedTo().equals("Lab Issuing CA")).findFirst().orElseThrow();
        assertTrue(store.delete(issuing.id()));
        assertEquals(List.of(root.certificate()), PemFiles.readCertificates(store.otherFolder().resolve("lab-chain.pem")));
        assertEquals(List.of("Lab Root CA"), new CertificateStore(home, CLOCK).load().loaded().stream().map(CertificateEntry::issuedTo).toList());
    }

    @Test
    void trustStoreHoldsTheOtherCertificates() throws Exception {
        store.addOther(PemFiles.certificatesPem(List.of(root.certificate(), intermediate.certificate())).getBytes(StandardCharsets.US_ASCII), "chain.pem");
        var trustStore = store.trustStore();
        assertEquals(2, trustStore.size());
        assertTrue(trustStore.getCertificateAlias(intermediate.certificate()) != null);
    }

    // ------------------------------------------------------------ helpers

    private interface Upload {
        Object run() throws Exception;
    }

    private static CertificateRejectedException assertRefused(Upload upload, Rejection expected) {
        CertificateRejectedException e = assertThrows(CertificateRejectedException.class, upload::run);
        assertEquals(expected, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(e.fileName() + ": "), e.getMessage());
        return e;
    }

    private Map<String, String> folderContents() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("certs"))) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(p -> home.relativize(p).toString(), p -> {
                try {
                    return Files.readString(p, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    // ------------------------------------------------------------ revocation lists

    @Test
    void crlsInTheCrlFolderMakeTheCheckerRefuseARevokedServerAndChangeNothingElse() throws Exception {
        IssuedCertificate revoked = kit.server("revoked.lab.example", intermediate);
        IssuedCertificate fine = kit.server("fine.lab.example", intermediate);
        store.addOther(pem(root), "root.crt");
        org.secureta.transport.pki.CertificateChecker before = new org.secureta.transport.pki.CertificateChecker(
                org.secureta.transport.CertificateValidation.TrustedCertificate, store.trustAnchors(), store.crls(), CLOCK);
        assertTrue(before.checkTrusted(revoked.chain()).isOk(), "no CRL yet: nothing changes");

        Files.write(store.crlFolder().resolve("lab-issuing.crl"), crlPem(intermediate, revoked));
        Files.writeString(store.crlFolder().resolve("notes.txt"), "not a CRL");
        LoadReport report = store.load();
        assertEquals(List.of(Rejection.NOT_A_CRL), report.problems().stream().map(LoadReport.Problem::reason).toList(), report.toString());
        assertEquals(1, store.crls().size());

        org.secureta.transport.pki.CertificateChecker after = new org.secureta.transport.pki.CertificateChecker(
                org.secureta.transport.CertificateValidation.TrustedCertificate, store.trustAnchors(), store.crls(), CLOCK);
        org.secureta.transport.pki.CheckResult refused = after.checkTrusted(revoked.chain());
        assertEquals(java.util.Optional.of(org.secureta.transport.pki.CertificateFailure.REVOKED), refused.failure(), refused.message());
        assertTrue(refused.message().contains("CN=revoked.lab.example"), refused.message());
        assertTrue(after.checkTrusted(fine.chain()).isOk(), "a certificate the CRL does not list still passes");
    }

    private static byte[] crlPem(IssuedCertificate issuer, IssuedCertificate revoked) throws Exception {
        var builder = new org.bouncycastle.cert.X509v2CRLBuilder(
                org.bouncycastle.asn1.x500.X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                java.util.Date.from(NOW.minus(Duration.ofDays(1))));
        builder.setNextUpdate(java.util.Date.from(NOW.plus(Duration.ofDays(7))));
        builder.addCRLEntry(revoked.certificate().getSerialNumber(), java.util.Date.from(NOW.minus(Duration.ofHours(1))),
                org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
        var holder = builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(issuer.privateKey()));
        String base64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(holder.getEncoded());
        return ("-----BEGIN X509 CRL-----\n" + base64 + "\n-----END X509 CRL-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static Path onlyFile(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> matching = files.filter(p -> p.toString().endsWith(suffix)).toList();
            assertEquals(1, matching.size(), matching.toString());
            return matching.get(0);
        }
    }

    private static byte[] pem(IssuedCertificate issued) throws Exception {
        return PemFiles.certificatesPem(List.of(issued.certificate())).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] combinedPem(IssuedCertificate issued) throws Exception {
        return concat(PemFiles.certificatesPem(issued.chain()).getBytes(StandardCharsets.US_ASCII),
                PemFiles.privateKeyPem(issued.privateKey(), KeyEncoding.PKCS8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

}
