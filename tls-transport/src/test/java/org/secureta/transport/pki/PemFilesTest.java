package org.secureta.transport.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    private static final char[] PASSWORD = "s3cret-pass".toCharArray();

    private static CertificateKit kit;
    private static IssuedCertificate ca;
    private static IssuedCertificate server;
    private static IssuedCertificate ecServer;

    @TempDir
    Path dir;

    @BeforeAll
    static void createCertificates() throws Exception {
        kit = new CertificateKit(Clock.systemUTC());
        ca = kit.certificateAuthority("Files CA");
        server = kit.server("files.example", ca, "files.example", "127.0.0.1");
        IssuedCertificate ecCa = kit.selfSigned(CertificateSpec.certificateAuthority("EC Files CA").withKeyType(KeyType.EC_P256));
        ecServer = kit.issue(CertificateSpec.server("ec.example").withKeyType(KeyType.EC_P256), ecCa);
    }

    @Test
    void writtenCertificateKeyAndChainReadBackIdentically() throws Exception {
        PemFiles.WrittenFiles files = PemFiles.writeIssued(dir, "proxy", server);

        assertEquals(server.certificate(), PemFiles.readCertificate(files.certificate()));
        assertEquals(server.privateKey(), PemFiles.readPrivateKey(files.privateKey()));
        assertEquals(List.of(ca.certificate()), PemFiles.readCertificates(files.chain()));
        IssuedCertificate back = PemFiles.readIssued(files.certificate(), files.privateKey());
        assertEquals(server.certificate(), back.certificate());
    }

    @Test
    void privateKeyFilesAreReadableAndWritableByTheOwnerOnly() throws Exception {
        PemFiles.WrittenFiles files = PemFiles.writeIssued(dir, "proxy", server);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(files.privateKey()));
        assertTrue(Files.getPosixFilePermissions(files.certificate()).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                "certificates are public");

        Path p12 = dir.resolve("host.p12");
        PemFiles.writePkcs12(p12, server, PASSWORD);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(p12));
    }

    @Test
    void writingLeavesNoTemporaryFilesBehind() throws Exception {
        PemFiles.writeIssued(dir, "proxy", server);
        PemFiles.writeIssued(dir, "proxy", server);
        try (var listing = Files.list(dir)) {
            assertEquals(List.of("proxy-chain.pem", "proxy.crt", "proxy.key"),
                    listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void chainFileIsReadInFileOrderRootFirst() throws Exception {
        IssuedCertificate intermediate = kit.issue(CertificateSpec.certificateAuthority("Files Intermediate"), ca);
        IssuedCertificate leaf = kit.server("deep.example", intermediate);
        Path chain = dir.resolve("chain.pem");
        PemFiles.writeCertificates(chain, leaf.chainRootFirst());
        assertEquals(List.of(ca.certificate(), intermediate.certificate(), leaf.certificate()), PemFiles.readCertificates(chain));
    }

    @Test
    void derCertificateIsReadLikePem() throws Exception {
        Path der = dir.resolve("ca.der");
        Files.write(der, ca.certificate().getEncoded());
        assertEquals(List.of(ca.certificate()), PemFiles.readCertificates(der));
    }

    @Test
    void traditionalRsaAndEcKeysAreReadAsWellAsPkcs8() throws Exception {
        Path rsa = dir.resolve("rsa.key");
        PemFiles.writePrivateKey(rsa, server.privateKey(), KeyEncoding.TRADITIONAL);
        assertTrue(Files.readString(rsa).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(KeyMatch.matches(PemFiles.readPrivateKey(rsa), server.certificate()));

        Path ec = dir.resolve("ec.key");
        PemFiles.writePrivateKey(ec, ecServer.privateKey(), KeyEncoding.TRADITIONAL);
        assertTrue(Files.readString(ec).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertTrue(KeyMatch.matches(PemFiles.readPrivateKey(ec), ecServer.certificate()));

        Path pkcs8 = dir.resolve("ec8.key");
        PemFiles.writePrivateKey(pkcs8, ecServer.privateKey());
        assertTrue(Files.readString(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(ecServer.privateKey(), PemFiles.readPrivateKey(pkcs8));
    }

    @Test
    void certificateAndKeyInOneFileAreAssembledWithTheChainWhateverTheOrder() throws Exception {
        Path combined = dir.resolve("combined.pem");
        byte[] key = PemFiles.privateKeyPem(server.privateKey(), KeyEncoding.PKCS8);
        // Explanatory text and the CA before the leaf: both are allowed.
        String text = "Issued by the lab CA\n" + PemFiles.certificatesPem(List.of(ca.certificate()))
                + new String(key, StandardCharsets.US_ASCII) + PemFiles.certificatesPem(List.of(server.certificate()));
        Files.writeString(combined, text);
        IssuedCertificate read = PemFiles.readIssued(combined);
        assertEquals(server.certificate(), read.certificate());
        assertEquals(List.of(server.certificate(), ca.certificate()), read.chain());
    }

    @Test
    void pkcs12RoundTripsWithItsPassword() throws Exception {
        Path p12 = dir.resolve("host.p12");
        PemFiles.writePkcs12(p12, server, PASSWORD);
        IssuedCertificate read = PemFiles.readPkcs12(p12, PASSWORD);
        assertEquals(server.certificate(), read.certificate());
        assertEquals(server.privateKey(), read.privateKey());
        assertEquals(server.chain(), read.chain());
    }

    @Test
    void pkcs12WithWrongPasswordIsReportedAsSuch() throws Exception {
        Path p12 = dir.resolve("host.p12");
        PemFiles.writePkcs12(p12, server, PASSWORD);
        PkiException wrong = assertThrows(PkiException.class, () -> PemFiles.read(p12, "guess".toCharArray()));
        assertEquals(PkiException.Problem.WRONG_PASSWORD, wrong.problem());
        assertTrue(wrong.getMessage().startsWith(p12 + ": wrong password"), wrong.getMessage());

        PkiException none = assertThrows(PkiException.class, () -> PemFiles.read(p12));
        assertEquals(PkiException.Problem.WRONG_PASSWORD, none.problem());
        assertTrue(none.getMessage().contains("none was given"), none.getMessage());
    }

    @Test
    void textThatIsNotACertificateIsRefusedNamingTheFile() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "this is the proxy's address: 192.0.2.11\n");
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.readCertificates(notes));
        assertEquals(PkiException.Problem.NOT_A_CERTIFICATE, e.problem());
        assertTrue(e.getMessage().startsWith(notes + ": not a certificate"), e.getMessage());
    }

    @Test
    void emptyFileIsNotACertificate() throws Exception {
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.parse(new byte[0], "empty.pem", null));
        assertEquals(PkiException.Problem.NOT_A_CERTIFICATE, e.problem());
        assertEquals("empty.pem: the file is empty", e.getMessage());
    }

    @Test
    void pemCutShortIsReportedAsTruncatedWithTheLineItStarted() throws Exception {
        String pem = PemFiles.certificatesPem(List.of(server.certificate()));
        byte[] cut = pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII);
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.parse(cut, "cut.pem", null));
        assertEquals(PkiException.Problem.TRUNCATED_PEM, e.problem());
        assertEquals("cut.pem: PEM block \"CERTIFICATE\" begun on line 1 has no END line: the file is truncated", e.getMessage());
    }

    @Test
    void pemWhoseContentWasCutButKeptItsEndLineIsCorrupt() throws Exception {
        String pem = PemFiles.certificatesPem(List.of(server.certificate()));
        String[] lines = pem.split("\n");
        String damaged = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[lines.length - 1] + "\n";
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.parse(damaged.getBytes(StandardCharsets.US_ASCII), "short.pem", null));
        assertEquals(PkiException.Problem.CORRUPT, e.problem());
        assertTrue(e.getMessage().contains("not a valid X.509 certificate"), e.getMessage());
    }

    @Test
    void badBase64IsCorruptNamingTheLine() throws Exception {
        String pem = "\n-----BEGIN CERTIFICATE-----\nMIIB!!notbase64\n-----END CERTIFICATE-----\n";
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.parse(pem.getBytes(StandardCharsets.US_ASCII), "bad.pem", null));
        assertEquals(PkiException.Problem.CORRUPT, e.problem());
        assertTrue(e.getMessage().contains("on line 2 is not valid Base64"), e.getMessage());
    }

    @Test
    void truncatedDerIsCorrupt() throws Exception {
        byte[] der = ca.certificate().getEncoded();
        byte[] cut = java.util.Arrays.copyOf(der, der.length - 40);
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.parse(cut, "cut.der", null));
        assertEquals(PkiException.Problem.CORRUPT, e.problem());
        assertTrue(e.getMessage().startsWith("cut.der: DER"), e.getMessage());
    }

    @Test
    void keyThatDoesNotBelongToTheCertificateIsReported() throws Exception {
        PemFiles.WrittenFiles files = PemFiles.writeIssued(dir, "proxy", server);
        Path otherKey = dir.resolve("other.key");
        PemFiles.writePrivateKey(otherKey, ecServer.privateKey());
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.readIssued(files.certificate(), otherKey));
        assertEquals(PkiException.Problem.KEY_MISMATCH, e.problem());
        assertTrue(e.getMessage().contains("does not match the certificate CN=files.example"), e.getMessage());
    }

    @Test
    void signingRequestsPublicKeysAndEncryptedKeysAreNamedForWhatTheyAre() throws Exception {
        String csr = "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n";
        PkiException request = assertThrows(PkiException.class, () -> PemFiles.parse(csr.getBytes(StandardCharsets.US_ASCII), "req.pem", null));
        assertEquals(PkiException.Problem.NOT_A_CERTIFICATE, request.problem());
        assertTrue(request.getMessage().contains("certificate signing request"));

        String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n";
        PkiException locked = assertThrows(PkiException.class, () -> PemFiles.parse(encrypted.getBytes(StandardCharsets.US_ASCII), "key.pem", null));
        assertEquals(PkiException.Problem.UNSUPPORTED, locked.problem());
        assertTrue(locked.getMessage().contains("encrypted private key"));

        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nMAA=\n-----END RSA PRIVATE KEY-----\n";
        PkiException legacyLocked = assertThrows(PkiException.class, () -> PemFiles.parse(legacy.getBytes(StandardCharsets.US_ASCII), "old.key", null));
        assertEquals(PkiException.Problem.UNSUPPORTED, legacyLocked.problem());
    }

    @Test
    void missingFileIsUnreadable() {
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.read(dir.resolve("nope.pem")));
        assertEquals(PkiException.Problem.UNREADABLE, e.problem());
    }

    @Test
    void materialToStringHidesTheKey() throws Exception {
        PkiMaterial material = PemFiles.parse(PemFiles.privateKeyPem(server.privateKey(), KeyEncoding.PKCS8), "k.pem", null);
        PrivateKey key = material.privateKey().orElseThrow();
        assertTrue(material.toString().contains("hidden"));
        assertFalse(material.toString().contains(java.util.Base64.getEncoder().encodeToString(key.getEncoded()).substring(30, 60)));
    }

    @Test
    void readCertificateRefusesAFileWithSeveral() throws Exception {
        Path chain = dir.resolve("two.pem");
        PemFiles.writeCertificates(chain, server.chainRootFirst());
        PkiException e = assertThrows(PkiException.class, () -> PemFiles.readCertificate(chain));
        assertTrue(e.getMessage().contains("holds 2 certificates where one is expected"));
        X509Certificate first = PemFiles.readCertificates(chain).get(0);
        assertEquals(ca.certificate(), first);
    }
}
