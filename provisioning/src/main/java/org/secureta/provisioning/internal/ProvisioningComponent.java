package org.secureta.provisioning.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.secureta.provisioning.certs.CertificateEntry;
import org.secureta.provisioning.certs.CertificateStore;
import org.secureta.provisioning.certs.LoadReport;
import org.secureta.provisioning.profile.ProfileError;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.time.UnitClockService;
import org.secureta.provisioning.web.UnitManagement;
import org.secureta.transport.CertificateValidation;
import org.secureta.transport.TlsCredentials;
import org.secureta.transport.UnitEvent;

/**
 * Configures the unit at start: reads its profile (framework properties {@code secureta.home}
 * and {@code secureta.profile}, set by the launcher), maps it onto ConfigAdmin, and keeps it for
 * the management commands. A profile with errors stops the unit with exit code 2 after printing
 * every error.
 */
@Component(service = ProvisioningComponent.class, immediate = true)
public final class ProvisioningComponent implements UnitManagement {

    static final String HOME_PROPERTY = "secureta.home";
    static final String PROFILE_PROPERTY = "secureta.profile";
    /** Read by the launcher once the framework has stopped. */
    static final String EXIT_CODE_PROPERTY = "secureta.exitCode";

    private final EventAdmin events;
    private final UnitProfile unit;
    private final CertificateStore certificates;
    private final UnitStatusBoard board;
    private final ServiceRegistration<UnitManagement> management;
    private final ServiceRegistration<TlsCredentials> credentials;

    @Activate
    public ProvisioningComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference EventAdmin events, @Reference UnitStatusBoard board) {
        this.events = events;
        this.board = board;
        String home = context.getProperty(HOME_PROPERTY);
        String profile = context.getProperty(PROFILE_PROPERTY);
        UnitProfile started = null;
        CertificateStore store = null;
        ServiceRegistration<TlsCredentials> credentials = null;
        if (home == null || home.isBlank()) {
            fail(context, List.of(new ProfileError("secureta", 0, "", "no home folder given (framework property " + HOME_PROPERTY + ")", "")));
        } else {
            try {
                started = UnitProfile.start(Path.of(home), profile == null || profile.isBlank() ? null : Path.of(profile),
                        new ConfigAdminApplier(configAdmin));
                post(UnitEvent.of(UnitEvent.PROFILE,
                        "source", profile == null || profile.isBlank() ? Path.of(home, UnitProfile.PROFILE_FILE).toString() : profile,
                        "state", "Applied",
                        "variables", Integer.toString(started.configured().values().size()),
                        "transport", ProfileMapping.transport(started.configured()),
                        "home", home));
                // Certificate validity is checked against the unit's (SNTP-corrected) time once it is known.
                Clock unitTime = new UnitClockService(context);
                store = loadCertificates(Path.of(home), unitTime);
                CertificateStore loaded = store;
                started.watchCertificates(loaded::fingerprint);
                UnitProfile running = started;
                credentials = context.registerService(TlsCredentials.class, new StoreTlsCredentials(store,
                        () -> CertificateValidation.valueOf(running.running().get("SipEp.InteropTlsCertificateValidation")),
                        unitTime), null);
            } catch (ProfileException e) {
                fail(context, e.errors());
            } catch (IOException | RuntimeException e) {
                fail(context, List.of(new ProfileError(profile == null ? home : profile, 0, "", "cannot load: " + e.getMessage(), "")));
            }
        }
        this.unit = started;
        this.certificates = store;
        this.credentials = credentials;
        // Offered by hand, once the profile is applied and its events posted: the management
        // components (web, syslog, time) start only then, and never while this one is starting.
        this.management = started == null ? null : context.registerService(UnitManagement.class, this, null);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : java.util.Arrays.asList(management, credentials)) {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    // gone with the bundle
                }
            }
        }
    }

    /**
     * Certificate files placed in the home folder before start are taken as if uploaded: each is
     * validated, and one that fails is reported and left out, never used.
     */
    private CertificateStore loadCertificates(Path home, Clock unitTime) throws IOException {
        CertificateStore store = new CertificateStore(home, unitTime);
        LoadReport report = store.load();
        for (CertificateEntry entry : report.loaded()) {
            post(UnitEvent.of("CERT", "id", entry.id(), "state", "Loaded", "category", entry.category().name(),
                    "issuedTo", entry.issuedTo(), "validTo", entry.validTo().toString(), "file", entry.fileName()));
        }
        for (LoadReport.Problem problem : report.problems()) {
            post(UnitEvent.of(UnitEvent.ERROR, "source", "certificates", "state", "Rejected",
                    "file", problem.fileName(), "reason", problem.reason().name(), "message", problem.message()));
        }
        return store;
    }

    /** The unit's certificate store. */
    @Override
    public CertificateStore certificates() {
        if (certificates == null) {
            throw new IllegalStateException("the unit has no valid profile");
        }
        return certificates;
    }

    /** The unit's configuration, or empty when it failed to load. */
    UnitProfile unit() {
        if (unit == null) {
            throw new IllegalStateException("the unit has no valid profile");
        }
        return unit;
    }

    // ------------------------------------------------------------------ UnitManagement (web, syslog, time)

    @Override
    public Profile configured() {
        return unit().configured();
    }

    @Override
    public Profile running() {
        return unit().running();
    }

    @Override
    public Set<String> pendingServices() {
        return unit().pendingServices();
    }

    @Override
    public Set<String> replace(Profile profile, String source) throws IOException {
        Set<String> pending = unit().replace(profile);
        post(UnitEvent.of(UnitEvent.PROFILE, "source", source,
                "state", pending.isEmpty() ? "Applied" : "RestartRequired",
                "services", pending.isEmpty() ? "-" : String.join(",", pending)));
        return pending;
    }

    @Override
    public Set<String> restartRequiredServices() {
        Set<String> restarted = unit().restartRequiredServices();
        announceRestart(restarted);
        return restarted;
    }

    @Override
    public Path home() {
        return unit().home();
    }

    @Override
    public List<UnitEvent> status() {
        return board.status();
    }

    @Override
    public List<UnitEvent> recent(int max) {
        return board.recent(max);
    }

    @Override
    public void post(UnitEvent event) {
        // Straight to the board too: EventAdmin can drop events posted while the unit starts.
        board.record(event);
        events.postEvent(new Event(event.topic(), event.toProperties()));
    }

    void announceChange(UnitProfile.Change change) {
        post(UnitEvent.of(UnitEvent.PROFILE,
                "variable", change.address().toString(),
                "state", change.applied() ? "Applied" : "RestartRequired",
                "services", change.applied() ? "-" : String.join(",", change.pendingServices())));
    }

    void announceRestart(Set<String> services) {
        post(UnitEvent.of(UnitEvent.PROFILE, "action", "RestartRequiredServices",
                "state", "Restarted", "services", services.isEmpty() ? "-" : String.join(",", services)));
    }

    /** Prints every error (synchronously, before the framework goes), then stops the unit. */
    private void fail(BundleContext context, List<ProfileError> errors) {
        for (ProfileError error : errors) {
            UnitEvent e = UnitEvent.of(UnitEvent.ERROR, "source", "profile", "state", "Rejected", "message", error.toString());
            board.record(e);
            events.sendEvent(new Event(e.topic(), e.toProperties()));
        }
        UnitEvent failed = UnitEvent.of(UnitEvent.UNIT, "unit", "secureta", "state", "ConfigError",
                "message", errors.size() + " error(s) in the profile; nothing was applied");
        board.record(failed);
        events.sendEvent(new Event(failed.topic(), failed.toProperties()));
        System.setProperty(EXIT_CODE_PROPERTY, "2");
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException ignored) {
                // Already stopping.
            }
        }, "secureta-config-error-stop");
        stopper.setDaemon(true);
        stopper.start();
    }
}
