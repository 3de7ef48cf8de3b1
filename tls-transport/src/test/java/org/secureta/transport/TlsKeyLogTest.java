package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * With a key log file set, Wireshark decrypts the unit's TLS signalling (guide section 3.1,
 * which the RSA-key method cannot do for ECDHE or TLS 1.3). Proven with tshark on a real
 * capture of the loopback interface.
 */
class TlsKeyLogTest {

    private static final Path TSHARK = Path.of("/usr/bin/tshark");
    private static TestCa ca;

    @TempDir
    Path directory;
    private int serverPort;

    @BeforeAll
    static void needsKamailioAndTshark() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        assumeTrue(Files.isExecutable(TSHARK), "tshark is not installed (apt-get install tshark)");
        ca = TestCa.create("SecureTA test CA");
    }

    @Test
    void theKeyLogOfATls12LinkLetsTsharkShowTheRegister() throws Exception {
        Path keys = directory.resolve("keys.log");
        List<String> methods = captureRegistration("CS1", keys, true);

        assertTrue(methods.contains("REGISTER"), "tshark decrypted: " + methods);
        assertTrue(Files.readString(keys).startsWith("CLIENT_RANDOM "), Files.readString(keys));
        assertEquals(List.of(), tsharkSipMethods(directory.resolve("capture.pcap"), null, serverPort),
                "without the key log the same capture shows no SIP: it is encrypted");
    }

    @Test
    void theKeyLogOfATls13LinkLetsTsharkShowTheRegister() throws Exception {
        Path keys = directory.resolve("keys13.log");
        List<String> methods = captureRegistration("CS3", keys, true);

        assertTrue(methods.contains("REGISTER"), "tshark decrypted: " + methods);
        String log = Files.readString(keys);
        assertTrue(log.contains("CLIENT_HANDSHAKE_TRAFFIC_SECRET ") && log.contains("SERVER_TRAFFIC_SECRET_0 "), log);
    }

    @Test
    void theKeyLogIsOffByDefault() throws Exception {
        Path keys = directory.resolve("never.log");
        captureRegistration("CS1", keys, false);

        assertFalse(Files.exists(keys));
    }

    private List<String> captureRegistration(String cipherSuite, Path keys, boolean keyLog) throws Exception {
        Path capture = directory.resolve("capture.pcap");
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"))) {
            serverPort = kamailio.port();
            Process tshark = new ProcessBuilder(TSHARK.toString(), "-i", "lo", "-f", "tcp port " + kamailio.port(), "-w", capture.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("tshark.out").toFile()).start();
            try {
                awaitCapturing(directory.resolve("tshark.out"));
                UnitEvents events = new UnitEvents();
                Units units = Units.tls(ca.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                        .with("cipherSuite", cipherSuite)
                        .gateway("gw", kamailio.hostPort()).line("1", "100", "secret", "gw");
                if (keyLog) {
                    units.with("tlsKeyLogFile", keys.toString());
                }
                try (SipUnit unit = units.start(events)) {
                    events.await(registration("1", "Registered"), Duration.ofSeconds(10));
                    if (keyLog) {
                        assertTrue(events.all().stream().anyMatch(e -> e.kind().equals(UnitEvent.ERROR)
                                && e.get("message").startsWith("TLS KEY LOG IS ON")), "the key log is announced loudly");
                    }
                }
                Thread.sleep(500);
            } finally {
                tshark.destroy();
                tshark.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return keyLog ? tsharkSipMethods(capture, keys, serverPort) : List.of();
    }

    private static void awaitCapturing(Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readString(output, StandardCharsets.UTF_8).contains("Capturing on")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("tshark did not start capturing: " + (Files.exists(output) ? Files.readString(output) : ""));
    }

    /** The SIP request methods tshark sees in a capture, decrypting with {@code keys} if given. */
    private static List<String> tsharkSipMethods(Path capture, Path keys, int port) throws IOException, InterruptedException {
        // Not the well-known SIP/TLS port: tell tshark what runs on it, as one does in Wireshark ("Decode As").
        List<String> command = new ArrayList<>(List.of(TSHARK.toString(), "-r", capture.toString(), "-Y", "sip",
                "-d", "tcp.port==" + port + ",tls", "-d", "tls.port==" + port + ",sip",
                "-T", "fields", "-e", "sip.Method"));
        if (keys != null) {
            command.addAll(List.of("-o", "tls.keylog_file:" + keys));
        }
        Process run = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        run.waitFor(30, TimeUnit.SECONDS);
        return output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }
}
