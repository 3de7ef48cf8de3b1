package org.secureta.opensips;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.secureta.transport.CertificateValidation;
import org.secureta.transport.pki.CertificateChecker;
import org.secureta.transport.pki.ExpectedServer;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.ServerIdentity;
import org.secureta.transport.pki.UnitTrustManager;

/**
 * A hand-written SIP user agent over one TLS connection, checking the server the way a unit with
 * SipEp.InteropTlsCertificateValidation=HostName does ({@link UnitTrustManager}). Enough SIP to
 * register with digest authentication and to exchange a request: messages are written as text
 * and read back by Content-Length (RFC 3261 18.3).
 */
final class SipTlsClient implements AutoCloseable {

    private final SSLSocket socket;
    private final InputStream in;
    private final UnitTrustManager trustManager;
    private final String user;
    private final String server;
    private int cseq = 1;

    private SipTlsClient(SSLSocket socket, UnitTrustManager trustManager, String user, String server) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.trustManager = trustManager;
        this.user = user;
        this.server = server;
    }

    /** Connects and completes the handshake, checking the server certificate names {@code host}. */
    static SipTlsClient connect(String host, int port, X509Certificate ca, Optional<IssuedCertificate> clientCertificate, String user)
            throws IOException, GeneralSecurityException {
        UnitTrustManager trust = new UnitTrustManager(
                new CertificateChecker(CertificateValidation.HostName, List.of(ca), Clock.systemUTC()),
                ExpectedServer.fixed(ServerIdentity.of(host)));
        KeyManager[] keyManagers = null;
        if (clientCertificate.isPresent()) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] pw = "kit".toCharArray();
            store.setKeyEntry("host", clientCertificate.get().privateKey(), pw,
                    clientCertificate.get().chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, pw);
            keyManagers = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, new TrustManager[] {trust}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(5000);
        socket.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.3"});
        socket.startHandshake();
        return new SipTlsClient(socket, trust, user, host + ":" + port);
    }

    UnitTrustManager trustManager() {
        return trustManager;
    }

    SSLSocket socket() {
        return socket;
    }

    int localPort() {
        return socket.getLocalPort();
    }

    String contact() {
        return "<sip:" + user + "@127.0.0.1:" + localPort() + ";transport=tls>";
    }

    /** A REGISTER for this client's user, optionally with an Authorization header. */
    String register(String authorization) {
        return request("REGISTER", "sip:" + server, user, user, "Contact: " + contact() + "\r\nExpires: 600\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n"), "");
    }

    String request(String method, String uri, String fromUser, String toUser, String extraHeaders, String body) {
        String branch = "z9hG4bK" + Long.toHexString(System.nanoTime());
        return method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:" + localPort() + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + fromUser + "@" + server + ">;tag=" + fromUser + "tag\r\n"
                + "To: <sip:" + toUser + "@" + server + ">\r\n"
                + "Call-ID: " + method.toLowerCase(Locale.ROOT) + "-" + user + "@secureta.test\r\n"
                + "CSeq: " + (cseq++) + " " + method + "\r\n"
                + extraHeaders
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    void send(String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Sends raw bytes, for the RFC 5626 CRLF keep-alive. */
    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads raw bytes (after a keep-alive ping, the pong). */
    byte[] readRaw(int count) throws IOException {
        return in.readNBytes(count);
    }

    /** The next SIP message, skipping provisional 100 Trying when asked to. */
    String receive() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the proxy after " + head.size() + " bytes");
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.UTF_8);
        Matcher length = Pattern.compile("(?im)^(Content-Length|l)\\s*:\\s*(\\d+)").matcher(headers);
        int bodyLength = length.find() ? Integer.parseInt(length.group(2)) : 0;
        return headers + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
    }

    String receiveFinal() throws IOException {
        while (true) {
            String message = receive();
            if (!message.startsWith("SIP/2.0 1")) {
                return message;
            }
        }
    }

    boolean closedByPeerWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(8, 11));
    }

    static String header(String message, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\r?$").matcher(message);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The Authorization value answering a challenge: RFC 2617 3.2.2 with qop=auth, MD5.
     */
    static String digest(String challenge, String method, String uri, String username, String password) throws GeneralSecurityException {
        String realm = param(challenge, "realm");
        String nonce = param(challenge, "nonce");
        String cnonce = "0a4f113b";
        String nc = "00000001";
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"" + cnonce + "\", nc=" + nc + ", qop=auth";
    }

    static String param(String challenge, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(challenge);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + name + " in " + challenge);
        }
        return m.group(1);
    }

    private static String md5(String text) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    String serverUri() {
        return "sip:" + server;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
