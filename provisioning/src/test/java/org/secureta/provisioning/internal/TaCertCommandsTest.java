package org.secureta.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.certs.CertificateCategory;
import org.secureta.provisioning.certs.CertificateEntry;
import org.secureta.provisioning.certs.HostUsage;
import org.secureta.provisioning.web.InMemoryUnit;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyEncoding;
import org.secureta.transport.pki.PemFiles;

/**
 * {@code ta:cert} as an engineer types it: the commands of {@link TaCommands} on a unit with the
 * real certificate store, with the rules and messages of the web page's upload.
 */
class TaCertCommandsTest {

    private static CertificateKit kit;
    private static IssuedCertificate ca;
    private static IssuedCertificate host;

    @TempDir
    Path dir;

    private InMemoryUnit unit;
    private TaCommands ta;
    private Path caFile;
    private Path hostPem;

    @BeforeAll
    static void pki() throws Exception {
        kit = new CertificateKit(Clock.systemUTC());
        ca = kit.certificateAuthority("Lab Root CA");
        host = kit.host("ta7102", ca, "ta7102.lab");
    }

    @BeforeEach
    void start() throws Exception {
        unit = new InMemoryUnit(dir.resolve("home"), "", Clock.systemUTC());
        ta = new TaCommands(null, unit, null);
        caFile = Files.writeString(dir.resolve("lab-root.pem"), PemFiles.certificatesPem(List.of(ca.certificate())));
        hostPem = dir.resolve("ta7102.pem");
        Files.writeString(hostPem, PemFiles.certificatesPem(host.chain()));
        Files.write(hostPem, PemFiles.privateKeyPem(host.privateKey(), KeyEncoding.PKCS8), java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void addOtherInstallsTheCaListsItAndPostsTheCertEvent() {
        assertEquals("Uploaded 1 Other certificate(s): Lab Root CA. Restart required services to use it. (ta:restart)",
                ta.cert("add-other", caFile.toString()));
        String list = ta.cert("list");
        assertTrue(list.lines().anyMatch(l -> l.startsWith("Other") && l.contains("Lab Root CA")), list);
        assertTrue(unit.events().stream().anyMatch(e -> e.kind().equals("CERT") && "Loaded".equals(e.get("state"))
                && "Lab Root CA".equals(e.get("issuedTo"))));
    }

    @Test
    void addOtherOfAnRsa1024CaInstallsItButWarnsThatItWillNotValidate() throws Exception {
        Path weak = Files.writeString(dir.resolve("weak.pem"), PemFiles.certificatesPem(List.of(
                org.secureta.provisioning.web.WeakCas.ca("Weak Lab CA", 1024, "SHA256withRSA"))));
        String answer = ta.cert("add-other", weak.toString());
        assertTrue(answer.startsWith("Uploaded 1 Other certificate(s): Weak Lab CA."), answer);
        assertTrue(answer.contains("\nwarning: Weak Lab CA: RSA key of 1024 bits; TLS validation refuses RSA keys under 2048 bits"), answer);
        assertFalse(ta.cert("add-other", caFile.toString()).contains("warning"), "a strong CA gets no warning");
    }

    @Test
    void addOtherRefusesALeafCertificateWithThePagesMessageAndStoresNothing() throws Exception {
        Path leaf = Files.writeString(dir.resolve("proxy.pem"), PemFiles.certificatesPem(List.of(kit.server("proxy.lab", ca).certificate())));
        String answer = ta.cert("add-other", leaf.toString());
        assertTrue(answer.startsWith("refused: proxy.pem: CN=proxy.lab is not a CA certificate (CA flag missing"), answer);
        assertTrue(answer.endsWith("Nothing was stored."), answer);
        assertEquals(List.of(), unit.certificates().list());
        assertTrue(unit.events().stream().anyMatch(e -> e.kind().equals(UnitEvent.ERROR) && "CA_FLAG_MISSING".equals(e.get("reason"))));
    }

    @Test
    void addHostWithoutUnsecuredTransferIsRefusedAndSaysWhyAndHowToAllowIt() throws Exception {
        String answer = ta.cert("add-host", hostPem.toString());
        assertTrue(answer.startsWith("refused: ta7102.pem: a Host certificate upload carries its private key, which would travel in clear"
                + " text and could be intercepted. Activate unsecured certificate transfer to allow it"), answer);
        assertTrue(answer.contains("(ta:cert add-host --unsecured-transfer ...). Nothing was stored."), answer);
        assertEquals(List.of(), unit.certificates().list());
        try (var files = Files.list(unit.certificates().hostFolder())) {
            assertEquals(0, files.count(), "no key was written");
        }
    }

    @Test
    void addHostWithUnsecuredTransferInstallsTheCertificateForTheChosenUsage() {
        assertEquals("Uploaded 1 Host certificate(s): ta7102. Restart required services to use it. (ta:restart)",
                ta.cert("add-host", "--unsecured-transfer", "--usage", "TlsServer", hostPem.toString()));
        CertificateEntry entry = unit.certificates().list().get(0);
        assertEquals(CertificateCategory.Host, entry.category());
        assertEquals(Set.of(HostUsage.TlsServer), entry.usage());
        assertTrue(unit.certificates().hostCertificate(HostUsage.TlsServer).isPresent());
        assertTrue(unit.certificates().hostCertificate(HostUsage.TlsClient).isEmpty());
        assertFalse(ta.cert("list").contains("PRIVATE KEY"));
    }

    @Test
    void addHostTakesASeparateKeyFile() throws Exception {
        Path crt = Files.writeString(dir.resolve("unit.crt"), PemFiles.certificatesPem(host.chain()));
        Path key = Files.write(dir.resolve("unit.key"), PemFiles.privateKeyPem(host.privateKey(), KeyEncoding.PKCS8));
        assertEquals("Uploaded 1 Host certificate(s): ta7102. Restart required services to use it. (ta:restart)",
                ta.cert("add-host", "--key", key.toString(), "--unsecured-transfer", crt.toString()));
        assertEquals(Set.of(HostUsage.TlsClient, HostUsage.TlsServer), unit.certificates().list().get(0).usage(), "both by default");
    }

    @Test
    void addHostOpensPkcs12WithItsPasswordAndRefusesAWrongOne() throws Exception {
        Path p12 = dir.resolve("ta7102.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("unit", host.privateKey(), "p12-pass".toCharArray(), host.chain().toArray(new Certificate[0]));
        try (var out = Files.newOutputStream(p12)) {
            store.store(out, "p12-pass".toCharArray());
        }
        String wrong = ta.cert("add-host", "--unsecured-transfer", p12.toString(), "not-it");
        assertTrue(wrong.startsWith("refused: "), wrong);
        assertTrue(wrong.toLowerCase().contains("password"), wrong);
        assertFalse(wrong.contains("not-it"), "the password is never echoed");
        assertEquals(List.of(), unit.certificates().list());
        assertEquals("Uploaded 1 Host certificate(s): ta7102. Restart required services to use it. (ta:restart)",
                ta.cert("add-host", "--unsecured-transfer", p12.toString(), "p12-pass"));
    }

    @Test
    void addHostReadsThePkcs12PasswordFromAFileSoThatItStaysOutOfTheShellHistory() throws Exception {
        Path p12 = dir.resolve("ta7102.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("unit", host.privateKey(), "p12-pass".toCharArray(), host.chain().toArray(new Certificate[0]));
        try (var out = Files.newOutputStream(p12)) {
            store.store(out, "p12-pass".toCharArray());
        }
        Path passwordFile = Files.writeString(dir.resolve("p12.pass"), "p12-pass\n");
        assertTrue(ta.cert("add-host", "--unsecured-transfer", "--password-file", passwordFile.toString(), p12.toString(), "p12-pass")
                .startsWith("refused: give the PKCS#12 password either as argument or with --password-file, not both"));
        assertEquals("Uploaded 1 Host certificate(s): ta7102. Restart required services to use it. (ta:restart)",
                ta.cert("add-host", "--unsecured-transfer", "--password-file", passwordFile.toString(), p12.toString()));
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        String usage = ta.cert("add-host", "--unsecured-transfer", "--usage", "TlsBoth", hostPem.toString());
        assertTrue(usage.startsWith("refused: usage \"TlsBoth\" is not one of TlsClient, TlsServer"), usage);
        assertTrue(ta.cert("add-host", "--unsecure", hostPem.toString()).startsWith("refused: unknown option --unsecure"));
        assertEquals("refused: " + dir.resolve("missing.pem") + ": no such file. Nothing was stored.",
                ta.cert("add-other", dir.resolve("missing.pem").toString()));
        assertTrue(ta.cert("renew").startsWith("unknown action \"renew\"\nusage: ta:cert list"));
        assertEquals(List.of(), unit.certificates().list());
    }

    @Test
    void deleteRemovesACertificateByIdAndSaysSoForAnUnknownId() throws Exception {
        ta.cert("add-host", "--unsecured-transfer", hostPem.toString());
        String id = unit.certificates().list().get(0).id();
        assertEquals("Deleted Host certificate ta7102 (" + id + "). Restart required services to stop using it. (ta:restart)",
                ta.cert("delete", id));
        assertEquals(List.of(), unit.certificates().list());
        try (var files = Files.list(unit.certificates().hostFolder())) {
            assertEquals(0, files.count(), "the key went with the certificate");
        }
        assertTrue(unit.events().stream().anyMatch(e -> e.kind().equals("CERT") && "Deleted".equals(e.get("state")) && id.equals(e.get("id"))));
        assertEquals("no certificate with id " + id + " (ta:cert list shows them)", ta.cert("delete", id));
    }

    @Test
    void theGogoShellPassesTheOptionsAndFilesThrough() throws Exception {
        ThreadIOImpl io = new ThreadIOImpl();
        io.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(io);
        try {
            processor.addCommand("ta", ta, "cert");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
            assertEquals("Uploaded 1 Other certificate(s): Lab Root CA. Restart required services to use it. (ta:restart)",
                    session.execute("ta:cert add-other " + caFile));
            assertEquals("Uploaded 1 Host certificate(s): ta7102. Restart required services to use it. (ta:restart)",
                    session.execute("ta:cert add-host --unsecured-transfer --usage TlsClient,TlsServer " + hostPem));
            assertTrue(String.valueOf(session.execute("ta:cert list")).contains("TlsClient,TlsServer"));
            assertTrue(String.valueOf(session.execute("ta:cert")).startsWith("usage: ta:cert list"));
            String id = unit.certificates().list().get(0).id();
            assertTrue(String.valueOf(session.execute("ta:cert delete " + id)).startsWith("Deleted Host certificate ta7102"));
            assertEquals(1, unit.certificates().list().size());
            session.close();
        } finally {
            processor.stop();
            io.stop();
        }
    }
}
