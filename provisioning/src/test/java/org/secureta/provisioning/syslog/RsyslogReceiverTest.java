package org.secureta.provisioning.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.transport.UnitEvent;

/**
 * The unit's syslog read by a real receiver: Debian's rsyslog (package {@code rsyslog}), started
 * in the foreground with its own configuration on a free loopback port, writing what it parsed.
 */
class RsyslogReceiverTest {

    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

    @TempDir
    Path dir;

    @Test
    void rsyslogParsesTheUnitsMessagesAsRfc5424WithServiceSeverityAndStructuredData() throws Exception {
        assumeTrue(Files.isExecutable(RSYSLOGD), "rsyslogd is not installed (Debian package rsyslog): test skipped");
        int port = freeUdpPort();
        Path out = dir.resolve("received.log");
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, String.join("\n",
                "global(workDirectory=\"" + dir + "\")",
                "module(load=\"imudp\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + port + "\")",
                "template(name=\"fields\" type=\"string\" string=\"%syslogfacility-text%|%syslogseverity-text%|%hostname%|%app-name%|%msgid%|%structured-data%|%msg%\\n\")",
                "*.* action(type=\"omfile\" file=\"" + out + "\" template=\"fields\")", ""));
        Process rsyslog = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslog.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        SyslogComponent.UnitSyslog syslog = new SyslogComponent.UnitSyslog("ta1", e -> { });
        try {
            syslog.configure(SyslogSettings.from(new ProfileParser(DeviceSchema.DGW_2_0).parse(
                    "SecureTA.SyslogRemoteHost=127.0.0.1:" + port + "\nSipEp.MinSeverity=Info\n", "lab.profile")));
            // rsyslog gives no sign of readiness: send until the first line arrives.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(out) || Files.readString(out).isEmpty()) {
                assertTrue(rsyslog.isAlive(), () -> "rsyslogd exited: " + read(dir.resolve("rsyslogd.out")));
                assertTrue(System.nanoTime() < deadline, "rsyslogd received nothing within 10 s");
                syslog.send(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "OpenSIPS", "state", "Up", "remote", "127.0.0.1:5061"));
                Thread.sleep(200);
            }
            syslog.send(UnitEvent.of(UnitEvent.ERROR, "source", "SdpTools", "state", "Warning", "code", "D3A2",
                    "message", "Received the wrong key management protocol. Secure stream disabled."));
            List<String> lines = awaitLines(out, line -> line.contains("SdpTools"));
            assertEquals("local0|info|ta1|SipEp|TLS_LINK|[secureta@32473 gateway=\"OpenSIPS\" state=\"Up\" remote=\"127.0.0.1:5061\"]"
                    + "|establishing persistent connection", lines.get(0));
            assertEquals("local0|warning|ta1|Mipt|ERROR|[secureta@32473 source=\"SdpTools\" state=\"Warning\" code=\"D3A2\""
                    + " message=\"Received the wrong key management protocol. Secure stream disabled.\"]"
                    + "|SdpTools [D3A2] Received the wrong key management protocol. Secure stream disabled.",
                    lines.get(lines.size() - 1));
        } finally {
            syslog.close();
            rsyslog.destroy();
            rsyslog.waitFor();
        }
    }

    private static List<String> awaitLines(Path file, java.util.function.Predicate<String> last) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(file);
            if (!lines.isEmpty() && last.test(lines.get(lines.size() - 1))) {
                return lines;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("rsyslog did not write the line; it wrote: " + read(file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(nothing: " + e.getMessage() + ")";
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
