import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The start-up floor of bundles/bench/registered.sh: the least a JVM program does to be registered
 * over TLS the way a unit is, with nothing of the kit. JVM start, the CA read from PEM, a TLS 1.2
 * handshake with the JDK's defaults and the host name checked against the proxy's certificate
 * (HTTPS-style identification, RFC 5922 section 7.2's check, as the unit's HostName level), then
 * REGISTER, its 401 challenge, and REGISTER with the digest answer (RFC 3261 section 22, RFC 2617
 * with or without qop=auth) until a 200. No SIP stack, no profile parsing, no logging, no container.
 *
 *   SECURETA_FLOOR_PASSWORD=... java RegistrationFloor HOST PORT USER CA_PEM
 *
 * Prints "REGISTRATION floor state=Registered" at the 200 and exits; any other final response or a
 * malformed one ends it with a message naming what came. Compiled and run by registered.sh only: it
 * is a measuring probe (one connection, no retransmission, no limits), not a SIP client.
 */
public final class RegistrationFloor {

    public static void main(String[] args) throws Exception {
        String password = System.getenv("SECURETA_FLOOR_PASSWORD");
        if (args.length != 4 || password == null) {
            // The password comes through the environment: a command line is readable by every user.
            System.err.println("usage: SECURETA_FLOOR_PASSWORD=... RegistrationFloor HOST PORT USER CA_PEM");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(args[3]))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.2");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
            socket.setTcpNoDelay(true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!host.matches("[0-9.]+")) {
                parameters.setServerNames(java.util.List.of(new SNIHostName(host)));
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String local = "127.0.0.1:" + socket.getLocalPort();
            String registrar = host + ":" + port;
            String callId = "floor-" + System.nanoTime() + "@127.0.0.1";
            String uri = "sip:" + registrar;
            out.write(register(registrar, local, user, callId, 1, null).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String challenge = readResponse(in);
            int status = status(challenge);
            if (status == 401 || status == 407) {
                String header = header(challenge, status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate");
                String answer = digest(header, user, password, uri);
                out.write(register(registrar, local, user, callId, 2,
                        (status == 401 ? "Authorization: " : "Proxy-Authorization: ") + answer).getBytes(StandardCharsets.UTF_8));
                out.flush();
                status = status(readResponse(in));
            }
            if (status != 200) {
                System.out.println("REGISTRATION floor refused with " + status);
                System.exit(1);
            }
            System.out.println("REGISTRATION floor state=Registered cipher=" + socket.getSession().getCipherSuite());
        }
    }

    private static String register(String registrar, String local, String user, String callId, int cseq, String authorization) {
        return "REGISTER sip:" + registrar + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS " + local + ";branch=z9hG4bK-floor-" + cseq + "-" + System.nanoTime() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + registrar + ">;tag=floor\r\n"
                + "To: <sip:" + user + "@" + registrar + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + local + ";transport=tls>\r\n"
                + "Expires: 60\r\n"
                + (authorization == null ? "" : authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
    }

    /** One response: the head up to its empty line, then Content-Length bytes of body, skipped. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the proxy closed the link before a response ended: " + head);
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 65536) {
                throw new IOException("a response head over 64 KiB");
            }
        }
        String text = head.toString(StandardCharsets.UTF_8);
        Matcher length = Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)").matcher(text);
        long body = length.find() ? Long.parseLong(length.group(1)) : 0;
        in.skipNBytes(body);
        return text;
    }

    private static int status(String response) throws IOException {
        Matcher m = Pattern.compile("^SIP/2\\.0 (\\d{3}) ").matcher(response);
        if (!m.find()) {
            throw new IOException("not a SIP response: " + response.lines().findFirst().orElse(""));
        }
        return Integer.parseInt(m.group(1));
    }

    private static String header(String response, String name) throws IOException {
        Matcher m = Pattern.compile("(?im)^" + name + "\\s*:\\s*(.+)$").matcher(response);
        if (!m.find()) {
            throw new IOException("a challenge without " + name);
        }
        return m.group(1).trim();
    }

    private static String parameter(String challenge, String name) {
        Matcher m = Pattern.compile("(?i)\\b" + name + "\\s*=\\s*(\"([^\"]*)\"|[^,\\s]+)").matcher(challenge);
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(1)) : null;
    }

    private static String digest(String challenge, String user, String password, String uri) throws Exception {
        String realm = parameter(challenge, "realm");
        String nonce = parameter(challenge, "nonce");
        String qop = parameter(challenge, "qop");
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5("REGISTER:" + uri);
        StringBuilder answer = new StringBuilder("Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", algorithm=MD5");
        if (qop != null && qop.toLowerCase(Locale.ROOT).contains("auth")) {
            String cnonce = Long.toHexString(new SecureRandom().nextLong());
            answer.append(", qop=auth, nc=00000001, cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2)).append('"');
        } else {
            answer.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        return answer.toString();
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
