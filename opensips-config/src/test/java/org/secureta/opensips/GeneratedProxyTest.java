package org.secureta.opensips;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.opensips.internal.ModulePath;
import org.secureta.proxykit.EachProxy;
import org.secureta.proxykit.FreePorts;
import org.secureta.proxykit.Proxy;
import org.secureta.proxykit.ProxyProcess;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.PemFiles;

/**
 * The configuration generated from a profile runs, unedited, on each real proxy present (the
 * kamailio-5 target on Kamailio 5.6, the opensips-3 target on OpenSIPS 3.4): it passes the
 * proxy's own check ({@code kamailio -c}, {@code opensips -C}), a unit-like TLS client that
 * checks the proxy's certificate at the HostName level completes the handshake, registers with
 * digest authentication (the profile's plaintext passwords), and a call from one line reaches
 * the other over the other's own TLS link. Certificates come from the {@code certs} kit.
 */
class GeneratedProxyTest {

    private static final String PASSWORD_100 = "secret-100";
    private static final String PASSWORD_101 = "p@ss\"w\\rd$101";

    @TempDir
    Path dir;

    private int port;
    private ProxyProcess proxy;
    private X509Certificate ca;

    @BeforeEach
    void kit() throws Exception {
        port = FreePorts.tcpAndUdp();
        assertEquals(Cli.OK, Cli.certs(new String[] {"--out", dir.resolve("kit").toString(), "--proxy-host", "127.0.0.1",
                "--unit", "unit1"}, quiet(), quiet()));
        ca = PemFiles.readCertificate(dir.resolve("kit/ca/ca.crt"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Where the OpenSIPS under test keeps its modules: as `ta opensips-config` finds them beside an opensips on PATH. */
    static Path modulePath(Path opensips) {
        return ModulePath.resolve(Optional.empty(), opensips.getParent().toString()).directory();
    }

    private Path start(Proxy kind, String extraProfileLines) throws Exception {
        Path profile = dir.resolve("unit.profile");
        Files.writeString(profile, String.join("\n",
                "SipEp.TransportConfig[Lab].TlsEnable=Enable",
                "SipEp.TransportConfig[Lab].RegistrationEnable=Enable",
                "SipEp.TransportConfig[Lab].ContactEnable=Enable",
                "SipEp.GwSpecificRegistration[Lab].ServerHost=127.0.0.1:" + port,
                "SipEp.UserAgent[Port1].Username=100",
                "SipEp.UserAgent[Port2].Username=101",
                "SipEp.Authentication[Port1].Password=" + PASSWORD_100,
                "SipEp.Authentication[Port2].Username=auth101",
                "SipEp.Authentication[Port2].Password=" + PASSWORD_101,
                extraProfileLines.contains("SipEp.TransportTlsVersion") ? "" : "SipEp.TransportTlsVersion=TLSv1_2",
                extraProfileLines, ""));
        Path executable = kind.find().orElseThrow();
        Path out = dir.resolve(kind.command() + "-" + port);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(profile.toString(), "--target", kind.target(),
                "--out", out.toString(), "--cert-dir", dir.resolve("kit/proxy").toString()));
        if (kind == Proxy.OPENSIPS) {
            args.addAll(java.util.List.of("--module-path", modulePath(executable).toString()));
        }
        int code = Cli.opensipsConfig(args.toArray(String[]::new), quiet(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Cli.OK, code, err.toString(StandardCharsets.UTF_8));
        Path config = out.resolve(kind == Proxy.KAMAILIO ? "kamailio.cfg" : "opensips.cfg");
        // Unedited: the proxy's own check accepts the file as written.
        ProxyProcess.Check check = ProxyProcess.check(kind, executable, config);
        assertEquals(0, check.exitCode(), check.output());
        if (kind == Proxy.KAMAILIO) {
            assertTrue(check.output().contains("tls: 127.0.0.1 [127.0.0.1]:" + port), check.output());
        }
        proxy = ProxyProcess.start(kind, executable, config, new java.net.InetSocketAddress("127.0.0.1", port), out.resolve("run"),
                java.time.Duration.ofSeconds(20));
        return config;
    }

    private String locationDump() throws Exception {
        return proxy.manage(proxy.kind() == Proxy.KAMAILIO ? "ul.dump" : "ul_dump");
    }

    private SipTlsClient connect(String user) throws Exception {
        return SipTlsClient.connect("127.0.0.1", port, ca, Optional.empty(), user);
    }

    private String registerWithDigest(SipTlsClient client, String authUser, String password) throws Exception {
        client.send(client.register(null));
        String challenge = client.receiveFinal();
        assertEquals(401, SipTlsClient.status(challenge), challenge);
        String wwwAuthenticate = SipTlsClient.header(challenge, "WWW-Authenticate");
        client.send(client.register(SipTlsClient.digest(wwwAuthenticate, "REGISTER", client.serverUri(), authUser, password)));
        return client.receiveFinal();
    }

    @EachProxy.Test
    void aUnitCheckingHostNameRegistersWithDigestAndTheProxyShowsTheBinding(Proxy kind) throws Exception {
        start(kind, "");
        try (SipTlsClient unit = connect("100")) {
            assertTrue(unit.trustManager().lastFailure().isEmpty(), "the unit accepted the kit's proxy certificate for 127.0.0.1");
            unit.send(unit.register(null));
            String challenge = unit.receiveFinal();
            assertEquals(401, SipTlsClient.status(challenge), challenge);
            String wwwAuthenticate = SipTlsClient.header(challenge, "WWW-Authenticate");
            assertEquals("127.0.0.1", SipTlsClient.param(wwwAuthenticate, "realm"));
            assertTrue(wwwAuthenticate.contains("qop=\"auth\""), wwwAuthenticate);

            unit.send(unit.register(SipTlsClient.digest(wwwAuthenticate, "REGISTER", unit.serverUri(), "100", PASSWORD_100)));
            String ok = unit.receiveFinal();
            assertEquals(200, SipTlsClient.status(ok), ok);

            assertEquals(java.util.List.of("sip:100@127.0.0.1:" + unit.localPort() + ";transport=tls"), proxy.bindings("100"));
            String dump = locationDump();
            assertTrue(dump.toLowerCase(java.util.Locale.ROOT).contains("sip:127.0.0.1:" + unit.localPort() + ";transport=tls"),
                    "the binding records the TLS link the REGISTER came over (received):\n" + dump);
        }
    }

    /**
     * The guide's annex patched the sources because idle links died after 120 s; the generated
     * tcp_connection_lifetime (7200 s) keeps a registered unit's link open far longer, as the
     * proxy's own connection list shows (OpenSIPS: list_tcp_conns over the MI FIFO; Kamailio:
     * core.tcp_list).
     */
    @EachProxy.Test
    void theProxyKeepsARegisteredUnitsLinkFarBeyondTheOld120Seconds(Proxy kind) throws Exception {
        start(kind, "");
        try (SipTlsClient unit = connect("100")) {
            assertEquals(200, SipTlsClient.status(registerWithDigest(unit, "100", PASSWORD_100)));
            ProxyProcess.TlsConnection link = proxy.tlsConnections().stream().filter(c -> c.peerPort() == unit.localPort()).findFirst()
                    .orElseThrow(() -> new AssertionError("the proxy lists no TLS connection from port " + unit.localPort()));
            java.time.Duration remaining = link.lifetime().orElseThrow(() -> new AssertionError("no lifetime reported for " + link));
            assertTrue(remaining.compareTo(java.time.Duration.ofSeconds(3600)) > 0, "lifetime left: " + remaining + "\n"
                    + proxy.manage(kind == Proxy.KAMAILIO ? "core.tcp_list" : "list_tcp_conns"));
        }
    }

    @EachProxy.Test
    void aWrongPasswordIsChallengedAgainAndBindsNothing(Proxy kind) throws Exception {
        start(kind, "");
        try (SipTlsClient unit = connect("100")) {
            String response = registerWithDigest(unit, "100", "not-the-password");
            assertEquals(401, SipTlsClient.status(response), response);
            assertTrue(proxy.bindings("100").isEmpty(), locationDump());
        }
    }

    @EachProxy.Test
    void theCredentialsOfOneLineCannotRegisterAnother(Proxy kind) throws Exception {
        start(kind, "");
        try (SipTlsClient unit = connect("101")) {
            // Line 101's phone, authenticating with line 100's (valid) credentials.
            String response = registerWithDigest(unit, "100", PASSWORD_100);
            assertEquals(403, SipTlsClient.status(response), response);
        }
    }

    @EachProxy.Test
    void aLineWhoseDigestUserDiffersFromItsSipUserRegisters(Proxy kind) throws Exception {
        start(kind, "");
        try (SipTlsClient unit = connect("101")) {
            String response = registerWithDigest(unit, "auth101", PASSWORD_101);
            assertEquals(200, SipTlsClient.status(response), response);
        }
    }

    @EachProxy.Test
    void aCallReachesTheCalledUnitOverItsOwnPersistentTlsLink(Proxy kind) throws Exception {
        start(kind, "");
        try (SipTlsClient called = connect("100"); SipTlsClient caller = connect("101")) {
            assertEquals(200, SipTlsClient.status(registerWithDigest(called, "100", PASSWORD_100)));
            assertEquals(200, SipTlsClient.status(registerWithDigest(caller, "auth101", PASSWORD_101)));

            String uri = "sip:100@127.0.0.1:" + port;
            String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n";
            String contact = "Contact: " + caller.contact() + "\r\nContent-Type: application/sdp\r\n";
            caller.send(caller.request("INVITE", uri, "101", "100", contact, sdp));
            String challenge = caller.receiveFinal();
            assertEquals(407, SipTlsClient.status(challenge), challenge);
            caller.send(caller.request("ACK", uri, "101", "100", "", ""));
            String proxyAuthorization = SipTlsClient.digest(SipTlsClient.header(challenge, "Proxy-Authenticate"), "INVITE", uri,
                    "auth101", PASSWORD_101);
            caller.send(caller.request("INVITE", uri, "101", "100", contact + "Proxy-Authorization: " + proxyAuthorization + "\r\n", sdp));

            String invite = called.receive();
            assertTrue(invite.startsWith("INVITE sip:100@127.0.0.1:" + called.localPort() + ";transport=tls SIP/2.0"),
                    "the INVITE arrived on the called unit's own link, addressed to its registered contact:\n" + invite);
            assertNotNull(SipTlsClient.header(invite, "Record-Route"), "the proxy stays on the dialog's path:\n" + invite);
            assertTrue(SipTlsClient.header(invite, "Proxy-Authorization") == null, "credentials are consumed:\n" + invite);

            called.send(busy(invite));
            String answer = caller.receiveFinal();
            assertEquals(486, SipTlsClient.status(answer), answer);
        }
    }

    @EachProxy.Test
    void aCrlfKeepAlivePingIsAnsweredWithAPong(Proxy kind) throws Exception {
        start(kind, "");
        try (SipTlsClient unit = connect("100")) {
            // RFC 5626 4.4.1: ping CRLFCRLF, pong CRLF.
            unit.sendRaw("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("\r\n".getBytes(StandardCharsets.US_ASCII), unit.readRaw(2));
        }
    }

    @EachProxy.Test
    void withClientAuthenticationTheProxyRequiresTheUnitsHostCertificateFromTheKit(Proxy kind) throws Exception {
        start(kind, "SipEp.InteropTlsClientAuthenticationEnable=Enable");
        IOException refused = assertThrows(IOException.class, () -> {
            try (SipTlsClient anonymous = connect("100")) {
                // TLS 1.3 reports a refused client certificate on the first read.
                anonymous.send(anonymous.register(null));
                anonymous.receive();
            }
        }, "a unit without a Host certificate is refused");
        // Refused by the TLS layer (an alert, or the link torn down: TLS 1.3 finishes the client's side
        // of the handshake before the server checks its certificate), not by a timeout.
        assertTrue(!(refused instanceof SocketTimeoutException), "refused, not timed out: " + refused);
        IssuedCertificate host = PemFiles.readIssued(dir.resolve("kit/units/unit1/certs/host/unit1.crt"),
                dir.resolve("kit/units/unit1/certs/host/unit1.key"));
        try (SipTlsClient unit = SipTlsClient.connect("127.0.0.1", port, ca, Optional.of(host), "100")) {
            assertEquals(200, SipTlsClient.status(registerWithDigest(unit, "100", PASSWORD_100)));
        }
    }

    @EachProxy.Test
    void aUnitWhoseRegisterContactHasNoTransportParameterStillReceivesCallsOverItsLink(Proxy kind) throws Exception {
        start(kind, "");
        try (SipTlsClient called = connect("100"); SipTlsClient caller = connect("101")) {
            // TransportConfig RegistrationEnable=Disable: Contact without transport=tls (guide 3.3).
            called.send(called.register(null).replace(";transport=tls>", ">"));
            String challenge = called.receiveFinal();
            called.send(called.register(SipTlsClient.digest(SipTlsClient.header(challenge, "WWW-Authenticate"), "REGISTER",
                    called.serverUri(), "100", PASSWORD_100)).replace(";transport=tls>", ">"));
            assertEquals(200, SipTlsClient.status(called.receiveFinal()));
            assertEquals(200, SipTlsClient.status(registerWithDigest(caller, "auth101", PASSWORD_101)));

            String uri = "sip:100@127.0.0.1:" + port;
            caller.send(caller.request("OPTIONS", uri, "101", "100", "", ""));
            String challenge407 = caller.receiveFinal();
            assertEquals(407, SipTlsClient.status(challenge407), challenge407);
            caller.send(caller.request("OPTIONS", uri, "101", "100", "Proxy-Authorization: " + SipTlsClient.digest(
                    SipTlsClient.header(challenge407, "Proxy-Authenticate"), "OPTIONS", uri, "auth101", PASSWORD_101) + "\r\n", ""));
            String options = called.receive();
            assertTrue(options.startsWith("OPTIONS sip:100@127.0.0.1:" + called.localPort() + " SIP/2.0"), options);
        }
    }

    @EachProxy.Test
    void legacyTlsOptedInIsReallyAcceptedByOpenSsl3AndRefusedWithoutTheOptIn(Proxy kind) throws Exception {
        assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed here");
        start(kind, "SipEp.TransportTlsVersion=TLSv1\nSecureTA.AllowLegacyTls=Enable");
        String accepted = tls10Handshake();
        assertTrue(accepted.matches("(?s).*New, TLSv1\\.0, Cipher is [A-Z0-9-]+.*"), "TLSv1+ with @SECLEVEL=0 accepts a TLS 1.0 client:\n" + accepted);
        proxy.close();
        proxy = null;
        port = FreePorts.tcpAndUdp();
        start(kind, "SipEp.TransportTlsVersion=TLSv1");
        String refused = tls10Handshake();
        assertTrue(refused.contains("Cipher is (NONE)") && refused.contains("alert protocol version"),
                "without SecureTA.AllowLegacyTls the proxy refuses TLS 1.0:\n" + refused);
    }

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** openssl s_client offering TLS 1.0 only (its own security level lowered so it may). */
    private String tls10Handshake() throws Exception {
        Process p = new ProcessBuilder(OPENSSL.toString(), "s_client", "-connect", "127.0.0.1:" + port, "-tls1",
                "-cipher", "DEFAULT:@SECLEVEL=0", "-CAfile", dir.resolve("kit/ca/ca.crt").toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        return output;
    }

    /** 486 Busy Here for a request: its Via, From, To (with a tag), Call-ID and CSeq (RFC 3261 8.2.6.2). */
    private static String busy(String request) {
        StringBuilder response = new StringBuilder("SIP/2.0 486 Busy Here\r\n");
        for (String line : request.split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:") || lower.startsWith("record-route:")) {
                response.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                response.append(line).append(";tag=called\r\n");
            }
        }
        return response.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
