package org.secureta.provisioning.web;

import jakarta.servlet.MultipartConfigElement;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The management servlet served over HTTPS by Jetty 11 (the Jetty the Felix HTTP service embeds)
 * on a free loopback port, with the unit's generated web certificate.
 */
final class WebFixture implements AutoCloseable {

    /** A clock tests can move forward, to expire sessions. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final InMemoryUnit unit;
    final MovableClock clock = new MovableClock();
    final HttpsKeystore keystore;
    final ManagementServlet servlet;
    private final Server server;
    final int port;

    WebFixture(Path home, String profileText, String adminPassword) throws Exception {
        this(home, profileText, adminPassword, null);
    }

    /** @param served what the server presents; null: the generated web certificate */
    WebFixture(Path home, String profileText, String adminPassword, HttpsKeystore served) throws Exception {
        unit = new InMemoryUnit(home, profileText, Clock.systemUTC());
        this.keystore = served != null ? served : HttpsKeystore.prepare(home.resolve("web"), "localhost", Clock.systemUTC());
        servlet = new ManagementServlet(unit, AdminPassword.of(adminPassword), clock, SessionStore.IDLE_TIMEOUT);
        server = new Server();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.file().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(keystore.password());
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(servlet);
        holder.getRegistration().setMultipartConfig(new MultipartConfigElement("", ManagementServlet.MAX_UPLOAD,
                RequestBody.MAX_MULTIPART, 0));
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    String url(String path) {
        return "https://127.0.0.1:" + port + path;
    }

    /** Trusts exactly the unit's web certificate. */
    SSLContext trustingTheUnit() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore.file())) {
            store.load(in, keystore.password().toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("unit", store.getCertificate(HttpsKeystore.ALIAS));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
