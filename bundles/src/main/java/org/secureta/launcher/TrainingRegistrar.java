package org.secureta.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The registrar of the class-data archive's training run ({@link ClassDataArchive}): a TLS server
 * on a free loopback port with a lab kit's proxy certificate, answering REGISTER as a registrar
 * does: a 401 digest challenge (RFC 3261 section 22.4, qop=auth) to a request without credentials
 * and a 200 with the binding to one with them. The training unit thus goes through a TLS handshake,
 * its HostName check and the digest exchange, and the classes of that path go into the archive
 * (issue 19: about 1,400 of the classes of a start to Registered, most of them JSSE's and
 * JAIN-SIP's, were outside the archive while the training registrar did not answer).
 *
 * <p>A training stand-in only: it checks no credentials, keeps no binding and answers nothing but
 * REGISTER; it listens on loopback for the one training run and reads at most 64 KiB per message.
 */
final class TrainingRegistrar implements AutoCloseable {

    private static final int MAX_MESSAGE = 64 * 1024;

    private final SSLServerSocket listener;
    private final List<Socket> links = new CopyOnWriteArrayList<>();

    private TrainingRegistrar(SSLServerSocket listener) {
        this.listener = listener;
    }

    /** Listens on a free loopback port with {@code certificate} (PEM) and its PKCS#8 {@code key} (PEM, as {@code ta certs} writes it). */
    static TrainingRegistrar start(Path certificate, Path key) throws Exception {
        Collection<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certificate)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "training".toCharArray();
        store.setKeyEntry("registrar", pkcs8(key, chain.iterator().next().getPublicKey().getAlgorithm()), password,
                chain.toArray(Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        TrainingRegistrar registrar = new TrainingRegistrar(listener);
        Thread acceptor = new Thread(registrar::accept, "training-registrar");
        acceptor.setDaemon(true);
        acceptor.start();
        return registrar;
    }

    int port() {
        return listener.getLocalPort();
    }

    private static PrivateKey pkcs8(Path file, String algorithm) throws Exception {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + " holds no PKCS#8 private key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket link = listener.accept();
                links.add(link);
                Thread reader = new Thread(() -> serve(link), "training-registrar-link");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket link) {
        try (link; InputStream in = link.getInputStream(); OutputStream out = link.getOutputStream()) {
            String request;
            while ((request = readMessage(in)) != null) {
                String response = answer(request);
                if (response != null) {
                    out.write(response.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The unit went away or the run ended: nothing to report for a training stand-in.
        } finally {
            links.remove(link);
        }
    }

    /**
     * One message: its head up to the empty line, its body by Content-Length (skipped). Leading
     * CRLFs (RFC 5626 keep-alive pings) are passed over. Null at the end of the stream.
     */
    private static String readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue;
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : b == '\r' ? 1 : 0;
            if (head.size() > MAX_MESSAGE) {
                throw new IOException("a message head over 64 KiB");
            }
        }
        String text = head.toString(StandardCharsets.UTF_8);
        long body = 0;
        for (String line : text.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                try {
                    body = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("a Content-Length that is not a number: " + line);
                }
            }
        }
        if (body < 0 || body > MAX_MESSAGE) {
            throw new IOException("a body of " + body + " bytes");
        }
        in.skipNBytes(body);
        return text;
    }

    /**
     * The answer to one request: for a REGISTER, a 401 with a digest challenge when it carries no
     * Authorization header, else a 200 with its Contact and expiry; null for anything else (a
     * response, another method).
     */
    static String answer(String request) {
        if (!request.startsWith("REGISTER ")) {
            return null;
        }
        List<String> echoed = new ArrayList<>();
        String contact = null;
        boolean credentials = false;
        String expires = "3600";
        for (String line : request.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT) : "";
            switch (name) {
                case "via", "v", "from", "f", "call-id", "i", "cseq" -> echoed.add(line);
                case "to", "t" -> echoed.add(line.contains(";tag=") ? line : line + ";tag=training");
                case "contact", "m" -> contact = line.substring(line.indexOf(':') + 1).trim();
                case "authorization" -> credentials = true;
                case "expires" -> expires = line.substring(line.indexOf(':') + 1).trim();
                default -> {
                }
            }
        }
        StringBuilder response = new StringBuilder(credentials ? "SIP/2.0 200 OK\r\n" : "SIP/2.0 401 Unauthorized\r\n");
        echoed.forEach(line -> response.append(line).append("\r\n"));
        if (!credentials) {
            response.append("WWW-Authenticate: Digest realm=\"training\", nonce=\"")
                    .append(Long.toHexString(System.nanoTime())).append("\", algorithm=MD5, qop=\"auth\"\r\n");
        } else if (contact != null && !contact.equals("*")) {
            response.append("Contact: ").append(contact.contains(";expires=") ? contact : contact + ";expires=" + expires).append("\r\n");
        }
        return response.append("Content-Length: 0\r\n\r\n").toString();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket link : links) {
            try {
                link.close();
            } catch (SocketException e) {
                // already closed
            }
        }
    }
}
