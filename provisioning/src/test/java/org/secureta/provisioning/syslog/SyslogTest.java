package org.secureta.provisioning.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.transport.UnitEvent;

/** The unit's syslog as a receiver sees it: a plain UDP socket on a free loopback port. */
class SyslogTest {

    private static final String WRONG_KEY_MANAGEMENT = "Received the wrong key management protocol. Secure stream disabled.";

    private DatagramSocket receiver;
    private final List<UnitEvent> problems = new ArrayList<>();
    private SyslogComponent.UnitSyslog syslog;

    @BeforeEach
    void openReceiver() throws Exception {
        receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        receiver.setSoTimeout(2000);
        syslog = new SyslogComponent.UnitSyslog("ta1", problems::add);
    }

    @AfterEach
    void close() {
        syslog.close();
        receiver.close();
    }

    private void configure(String profileLines) throws Exception {
        String text = "SecureTA.SyslogRemoteHost=127.0.0.1:" + receiver.getLocalPort() + "\n" + profileLines;
        syslog.configure(SyslogSettings.from(new ProfileParser(DeviceSchema.DGW_2_0).parse(text, "test.profile")));
    }

    private String receive() throws Exception {
        byte[] buffer = new byte[4096];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        receiver.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private String receiveOrNull() throws Exception {
        receiver.setSoTimeout(300);
        try {
            return receive();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            receiver.setSoTimeout(2000);
        }
    }

    @Test
    void aTlsLinkComingUpIsTheGuidesEstablishingPersistentConnectionLineFromSipEpAtInfo() throws Exception {
        configure("SipEp.MinSeverity=Info");
        syslog.send(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "OpenSIPS", "state", "Up", "local", "127.0.0.1:16000",
                "remote", "127.0.0.1:5061"));
        String line = receive();
        // local0 (16) * 8 + informational (6) = 134
        assertTrue(line.startsWith("<134>1 "), line);
        String[] header = line.split(" ", 8);
        assertEquals("ta1", header[2]);
        assertEquals("SipEp", header[3], "APP-NAME is the reporting service");
        assertEquals("-", header[4]);
        assertEquals("TLS_LINK", header[5]);
        assertTrue(line.contains("[secureta@32473 gateway=\"OpenSIPS\" state=\"Up\" local=\"127.0.0.1:16000\" remote=\"127.0.0.1:5061\"]"), line);
        assertTrue(line.endsWith("] establishing persistent connection"), line);
    }

    @Test
    void messagesBelowTheServicesMinimumSeverityAreNotSent() throws Exception {
        configure("SipEp.MinSeverity=Warning");
        syslog.send(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "gw", "state", "Up"));
        syslog.send(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "gw", "state", "Down", "reason", "connection reset"));
        String line = receive();
        assertTrue(line.startsWith("<132>1 "), "the Up line (info) is filtered, the Down line (warning) is sent: " + line);
        assertTrue(line.endsWith("tls link gw: Down (connection reset)"), line);
        assertNull(receiveOrNull());
    }

    @Test
    void eachServiceHasItsOwnMinimum() throws Exception {
        configure("SipEp.MinSeverity=Critical\nCert.MinSeverity=Debug");
        syslog.send(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "AuthFailed", "user", "100"));
        syslog.send(UnitEvent.of("CERT", "id", "other-0011", "state", "Loaded", "category", "Other", "issuedTo", "Lab CA"));
        String line = receive();
        assertTrue(line.startsWith("<134>1 "), line);
        assertEquals("Cert", line.split(" ")[3]);
        assertNull(receiveOrNull(), "the registration error is below SipEp's Critical minimum");
    }

    @Test
    void theCallAgentsWrongKeyManagementEventIsTheGuidesSdpToolsLineFromMiptAtWarning() throws Exception {
        configure("");
        syslog.send(UnitEvent.of(UnitEvent.ERROR, "source", "SdpTools", "state", "Warning", "code", "D3A2",
                "message", WRONG_KEY_MANAGEMENT, "call", "c17"));
        String line = receive();
        assertTrue(line.startsWith("<132>1 "), line);
        assertEquals("Mipt", line.split(" ")[3]);
        assertEquals("ERROR", line.split(" ")[5]);
        assertTrue(line.endsWith("] SdpTools [D3A2] " + WRONG_KEY_MANAGEMENT), line);
    }

    @Test
    void attributesThatMayHoldSecretsNeverLeaveTheUnit() throws Exception {
        configure("Hoc.MinSeverity=Debug");
        syslog.send(UnitEvent.of("PROFILE", "variable", "SipEp.Authentication[Port1].Password", "state", "Applied",
                "password", "hunter2", "preSharedKey", "00112233445566778899aabbccddeeff", "inline", "WVNfdm9pY2VfbWFzdGVyX2tleQ"));
        String line = receive();
        assertFalse(line.contains("hunter2"), line);
        assertFalse(line.contains("00112233445566778899aabbccddeeff"), line);
        assertFalse(line.contains("WVNfdm9pY2VfbWFzdGVyX2tleQ"), line);
        assertTrue(line.contains("password=\"********\""), line);
        assertTrue(line.contains("variable=\"SipEp.Authentication[Port1\\].Password\""), "']' is escaped in a PARAM-VALUE: " + line);
    }

    @Test
    void withoutARemoteHostNothingIsSentAndSettingOneStartsSending() throws Exception {
        syslog.configure(SyslogSettings.from(new ProfileParser(DeviceSchema.DGW_2_0).parse("", "empty")));
        syslog.send(UnitEvent.of(UnitEvent.UNIT, "unit", "secureta", "state", "Failed", "message", "x"));
        assertNull(receiveOrNull());
        configure("");
        syslog.send(UnitEvent.of(UnitEvent.UNIT, "unit", "secureta", "state", "Failed", "message", "bundle x failed"));
        String line = receive();
        // local0 * 8 + critical (2) = 130
        assertTrue(line.startsWith("<130>1 "), line);
        assertTrue(line.endsWith("unit secureta: Failed (bundle x failed)"), line);
    }

    @Test
    void anUnresolvableReceiverIsReportedOnceAsAnEventNotAnException() throws Exception {
        syslog.configure(SyslogSettings.from(new ProfileParser(DeviceSchema.DGW_2_0)
                .parse("SecureTA.SyslogRemoteHost=no-such-host.invalid:5514", "p")));
        syslog.send(UnitEvent.of(UnitEvent.UNIT, "unit", "secureta", "state", "Failed", "message", "x"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).get("message").contains("no-such-host.invalid:5514 does not resolve"), problems.toString());
    }

    @Test
    void aNonAsciiMessageIsMarkedUtf8WithABom() {
        SyslogMessage m = UnitEventSyslog.toMessage(UnitEvent.of(UnitEvent.ERROR, "source", "profile", "state", "Rejected",
                "message", "ligne invalide: é"), "ta1");
        String wire = new String(m.encode(), StandardCharsets.UTF_8);
        assertTrue(wire.endsWith("] \uFEFFprofile: ligne invalide: é"), wire);
    }
}
