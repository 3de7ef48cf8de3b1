package org.secureta.provisioning.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.secureta.provisioning.certs.CertificateStore;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.transport.UnitEvent;

/**
 * A unit for the web and command tests, in memory and outside OSGi (not a running unit: see the
 * launcher's RunningUnit for that): the real profile classes and certificate store, with
 * the restart-required rule of the unit (changes to restart-required variables reach the running
 * profile only at restart) and the status board's keep-the-latest-per-subject rule.
 */
public final class InMemoryUnit implements UnitManagement {

    private final Path home;
    private final CertificateStore certificates;
    private final Map<String, UnitEvent> latest = new LinkedHashMap<>();
    private final List<UnitEvent> history = new ArrayList<>();
    private Profile configured;
    private Profile running;

    public InMemoryUnit(Path home, String profileText, Clock clock) throws Exception {
        this.home = home;
        Files.createDirectories(home);
        this.configured = new ProfileParser(DeviceSchema.DGW_2_0).parse(profileText, "lab.profile");
        this.running = configured;
        this.certificates = new CertificateStore(home, clock);
        certificates.load();
    }

    @Override
    public synchronized Profile configured() {
        return configured;
    }

    @Override
    public synchronized Profile running() {
        return running;
    }

    @Override
    public synchronized Set<String> pendingServices() {
        return running.servicesToRestartFor(configured);
    }

    @Override
    public synchronized Set<String> replace(Profile profile, String source) {
        configured = profile;
        running = running.withImmediateChangesFrom(configured);
        Set<String> pending = pendingServices();
        post(UnitEvent.of(UnitEvent.PROFILE, "source", source, "state", pending.isEmpty() ? "Applied" : "RestartRequired"));
        return pending;
    }

    @Override
    public synchronized Set<String> restartRequiredServices() {
        Set<String> restarted = pendingServices();
        running = configured;
        post(UnitEvent.of(UnitEvent.PROFILE, "action", "RestartRequiredServices", "state", "Restarted",
                "services", restarted.isEmpty() ? "-" : String.join(",", restarted)));
        return restarted;
    }

    @Override
    public CertificateStore certificates() {
        return certificates;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public synchronized List<UnitEvent> status() {
        return new ArrayList<>(latest.values());
    }

    @Override
    public synchronized List<UnitEvent> recent(int max) {
        return new ArrayList<>(history.subList(Math.max(0, history.size() - max), history.size()));
    }

    @Override
    public synchronized void post(UnitEvent event) {
        latest.remove(event.subject());
        latest.put(event.subject(), event);
        history.add(event);
    }

    public synchronized List<UnitEvent> events() {
        return new ArrayList<>(history);
    }
}
