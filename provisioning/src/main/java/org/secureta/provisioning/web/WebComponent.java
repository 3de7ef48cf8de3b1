package org.secureta.provisioning.web;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
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
import org.secureta.provisioning.profile.Profile;
import org.secureta.transport.UnitEvent;

/**
 * Serves the web management over HTTPS with the Felix HTTP service: configures it (PID
 * {@value #HTTP_PID}: HTTPS only, on SecureTA.WebHttpsPort, with the unit's web certificate) and
 * registers the {@link ManagementServlet} on the OSGi servlet whiteboard. Port 0 turns the web off.
 * A change of port or password applies at once.
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
    private int port = -1;
    private String profilePassword;

    @Activate
    public WebComponent(BundleContext context, @Reference UnitManagement unit, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.unit = unit;
        this.configAdmin = configAdmin;
        apply(unit.running());
        // Registered by hand once active (see SyslogComponent).
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, UnitEvent.TOPIC_PREFIX + UnitEvent.PROFILE);
        this.handler = context.registerService(EventHandler.class, this::handleEvent, topic);
    }

    void handleEvent(Event event) {
        try {
            apply(unit.running());
        } catch (IllegalStateException e) {
            // no valid profile: the unit is stopping
        }
    }

    private synchronized void apply(Profile profile) {
        int newPort = Integer.parseInt(profile.get("SecureTA.WebHttpsPort"));
        String newPassword = profile.get("SecureTA.WebAdminPassword");
        if (newPort == port && newPassword.equals(profilePassword)) {
            return;
        }
        try {
            if (newPort == 0) {
                stop();
            } else {
                AdminPassword password = AdminPassword.resolve(newPassword, unit.home().resolve("web"), System.out);
                HttpsKeystore keystore = HttpsKeystore.prepare(unit.home().resolve("web"), hostName(), Clock.systemUTC());
                if (newPort != port) {
                    configureHttps(newPort, keystore);
                }
                if (servlet != null) {
                    servlet.unregister();
                }
                Dictionary<String, Object> properties = new Hashtable<>();
                properties.put("osgi.http.whiteboard.servlet.pattern", "/*");
                properties.put("osgi.http.whiteboard.servlet.name", "secureta-management");
                properties.put("osgi.http.whiteboard.servlet.multipart.enabled", Boolean.TRUE);
                properties.put("osgi.http.whiteboard.servlet.multipart.maxFileSize", (long) ManagementServlet.MAX_UPLOAD);
                ManagementServlet management = new ManagementServlet(unit, password);
                management.showLadders(this::recentCalls);
                servlet = context.registerService(Servlet.class, management, properties);
                unit.post(UnitEvent.of("WEB", "web", "https", "state", "Configured", "port", Integer.toString(newPort),
                        "certificate", keystore.file().toString()));
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

    private void configureHttps(int httpsPort, HttpsKeystore keystore) throws IOException {
        Configuration configuration = configAdmin.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("org.apache.felix.http.enable", "false");
        p.put("org.apache.felix.https.enable", "true");
        p.put("org.osgi.service.http.port.secure", Integer.toString(httpsPort));
        p.put("org.apache.felix.https.keystore", keystore.file().toString());
        p.put("org.apache.felix.https.keystore.type", "PKCS12");
        p.put("org.apache.felix.https.keystore.password", keystore.password());
        p.put("org.apache.felix.https.keystore.key.password", keystore.password());
        p.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
        p.put("org.apache.felix.http.name", "secureta-web");
        configuration.update(p);
    }

    private void stop() throws IOException {
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
