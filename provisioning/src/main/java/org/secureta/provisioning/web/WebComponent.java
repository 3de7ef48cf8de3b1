package org.secureta.provisioning.web;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.secureta.provisioning.ladder.Ladder;
import org.secureta.provisioning.ladder.Ladders;
import org.secureta.provisioning.ladder.MessageTrace;
import org.secureta.provisioning.metrics.MetricsService;
import org.secureta.provisioning.certs.HostUsage;
import org.secureta.provisioning.profile.Profile;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.pki.IssuedCertificate;

/**
 * Serves the web management over HTTPS with the Felix HTTP service: configures it (PID
 * {@value #HTTP_PID}: HTTPS only, on the unit's address ({@link WebAddress}) and SecureTA.WebHttpsPort,
 * with the unit's web certificate) and
 * registers the {@link ManagementServlet} on the OSGi servlet whiteboard. Port 0 turns the web off.
 * A change of port or password applies at once. The server presents the unit's Host certificate
 * with usage TlsServer when there is one, else a generated one ({@link HttpsKeystore}); a Host
 * certificate uploaded or deleted later takes over at Scm.RestartRequiredServices, as on the unit.
 */
@Component(service = {}, immediate = true)
public final class WebComponent {

    static final String HTTP_PID = "org.apache.felix.http";
    static final int RECENT_LADDERS = 3;

    private final BundleContext context;
    private final UnitManagement unit;
    private final ConfigurationAdmin configAdmin;
    private final ServiceRegistration<EventHandler> handler;
    private ServiceRegistration<Servlet> servlet;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MessageTrace trace;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetricsService metrics;
    private int port = -1;
    private String profilePassword;
    /** What the HTTPS server presents now; null while it is off. */
    private HttpsKeystore served;

    @Activate
    public WebComponent(BundleContext context, @Reference UnitManagement unit, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.unit = unit;
        this.configAdmin = configAdmin;
        apply(unit.running(), false);
        // Registered by hand once active (see SyslogComponent).
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, UnitEvent.TOPIC_PREFIX + UnitEvent.PROFILE);
        this.handler = context.registerService(EventHandler.class, this::handleEvent, topic);
    }

    void handleEvent(Event event) {
        try {
            // Scm.RestartRequiredServices is when a new Host certificate takes over the web pages.
            apply(unit.running(), "RestartRequiredServices".equals(event.getProperty("action")));
        } catch (IllegalStateException e) {
            // no valid profile: the unit is stopping
        }
    }

    /**
     * @param restarted Scm.RestartRequiredServices was asked for: serve the Host certificate (or
     *                  the generated one) again if it changed since the server started
     */
    private synchronized void apply(Profile profile, boolean restarted) {
        int newPort = Integer.parseInt(profile.get("SecureTA.WebHttpsPort"));
        String newPassword = profile.get("SecureTA.WebAdminPassword");
        try {
            if (newPort == 0) {
                stop();
                port = 0;
                profilePassword = newPassword;
                return;
            }
            Path webFolder = unit.home().resolve("web");
            Optional<IssuedCertificate> host = unit.certificates().hostCertificate(HostUsage.TlsServer);
            // Changed: another Host certificate, or none any more (back to the generated one).
            boolean certificateChanged = served == null || (host.isPresent()
                    ? !served.certificate().equals(host.get().certificate())
                    : served.hostCertificate());
            if (newPort != port || (restarted && certificateChanged)) {
                HttpsKeystore keystore = host.isPresent()
                        ? HttpsKeystore.ofHost(webFolder, host.get())
                        : HttpsKeystore.prepare(webFolder, hostName(), Clock.systemUTC());
                WebAddress address = WebAddress.of(configAdmin);
                configureHttps(address, newPort, keystore);
                served = keystore;
                if (!keystore.hostCertificate()) {
                    // The copy of a Host key the server no longer presents (a deleted Host certificate's, say) goes too.
                    Files.deleteIfExists(webFolder.resolve(HttpsKeystore.HOST_FILE));
                }
                unit.post(UnitEvent.of("WEB", "web", "https", "state", "Configured", "url", address.url(newPort), "port", Integer.toString(newPort),
                        "certificate", keystore.hostCertificate() ? "Host" : "generated",
                        "subject", keystore.certificate().getSubjectX500Principal().getName(), "file", keystore.file().toString()));
            }
            // The servlet (and its sessions) stays across a certificate or port change.
            if (servlet == null || !newPassword.equals(profilePassword)) {
                AdminPassword password = AdminPassword.resolve(newPassword, webFolder,
                        unit.home().resolve(AdminPassword.GENERATED_PASSWORD_FILE), unit::post);
                if (servlet != null) {
                    servlet.unregister();
                }
                Dictionary<String, Object> properties = new Hashtable<>();
                properties.put("osgi.http.whiteboard.servlet.pattern", "/*");
                properties.put("osgi.http.whiteboard.servlet.name", "secureta-management");
                properties.put("osgi.http.whiteboard.servlet.multipart.enabled", Boolean.TRUE);
                properties.put("osgi.http.whiteboard.servlet.multipart.maxFileSize", (long) ManagementServlet.MAX_UPLOAD);
                properties.put("osgi.http.whiteboard.servlet.multipart.maxRequestSize", RequestBody.MAX_MULTIPART);
                ManagementServlet management = new ManagementServlet(unit, password);
                management.showLadders(this::recentCalls);
                management.serveMetrics(() -> Optional.ofNullable(metrics));
                servlet = context.registerService(Servlet.class, management, properties);
            }
            port = newPort;
            profilePassword = newPassword;
        } catch (IOException e) {
            unit.post(UnitEvent.of(UnitEvent.ERROR, "source", "web", "state", "Rejected", "message", "web management not started: " + e.getMessage()));
        }
    }

    /** The Status page's ladders: the last calls the message trace holds. */
    private List<Ladder> recentCalls() {
        MessageTrace t = trace;
        return t == null ? List.of() : Ladders.recentCalls(t.ladders(), RECENT_LADDERS);
    }

    private void configureHttps(WebAddress address, int httpsPort, HttpsKeystore keystore) throws IOException {
        Configuration configuration = configAdmin.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("org.apache.felix.http.enable", "false");
        p.put("org.apache.felix.https.enable", "true");
        p.put("org.osgi.service.http.port.secure", Integer.toString(httpsPort));
        p.put("org.apache.felix.http.host", address.host());
        p.put("org.apache.felix.https.keystore", keystore.file().toString());
        p.put("org.apache.felix.https.keystore.type", "PKCS12");
        p.put("org.apache.felix.https.keystore.password", keystore.password());
        p.put("org.apache.felix.https.keystore.key.password", keystore.password());
        p.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
        p.put("org.apache.felix.http.name", "secureta-web");
        configuration.update(p);
    }

    private void stop() throws IOException {
        served = null;
        if (servlet != null) {
            servlet.unregister();
            servlet = null;
        }
        Configuration[] existing;
        try {
            existing = configAdmin.listConfigurations("(service.pid=" + HTTP_PID + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (existing != null) {
            for (Configuration c : existing) {
                c.delete();
            }
        }
    }

    @Deactivate
    void deactivate() {
        try {
            handler.unregister();
        } catch (IllegalStateException e) {
            // gone with the bundle
        }
        if (servlet != null) {
            try {
                servlet.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
