package org.secureta.provisioning.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.provisioning.profile.ProfileWriter;
import org.secureta.provisioning.profile.VariableAddress;
import org.secureta.provisioning.profile.VariableSpec;

/**
 * The unit's configuration as the unit handles it: the configured profile (saved in the home
 * folder at every change) and the running one (what the services use). A change to a variable
 * that needs its service restarted waits until {@link #restartRequiredServices()}, as
 * Scm.RestartRequiredServices on the unit.
 */
final class UnitProfile {

    static final String PROFILE_FILE = "running.profile";
    /** The service that holds the TLS links and server, hence the certificates: the transport's. */
    static final String TLS_SERVICE = "SipEp";
    static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path home;
    private final Consumer<List<ConfigurationRecord>> apply;
    private Profile configured;
    private Profile running;
    /** The installed certificates now, and as the running transport took them (see {@link #watchCertificates}). */
    private java.util.function.Supplier<String> certificates = () -> "";
    private String runningCertificates = "";
    private int certificatesGeneration;

    /**
     * Outcome of a change: applied now, or saved and waiting for a restart; {@code pendingServices}
     * are all services with changes waiting, this one's and earlier ones.
     */
    record Change(VariableAddress address, String value, boolean applied, Set<String> pendingServices) {
    }

    private UnitProfile(Path home, Profile profile, Consumer<List<ConfigurationRecord>> apply) {
        this.home = home;
        this.apply = apply;
        this.configured = profile;
        this.running = profile;
    }

    /**
     * Starts a unit with {@code profile}, or with the profile saved in {@code home} when none is
     * given, or with the defaults; prepares the home folder; applies the profile.
     */
    static UnitProfile start(Path home, Path profileFile, Consumer<List<ConfigurationRecord>> apply)
            throws ProfileException, IOException {
        prepareHome(home);
        ProfileParser parser = new ProfileParser(DeviceSchema.DGW_2_0);
        Path saved = home.resolve(PROFILE_FILE);
        Profile profile;
        if (profileFile != null) {
            profile = parser.parse(profileFile);
        } else if (Files.exists(saved)) {
            profile = parser.parse(saved);
        } else {
            profile = Profile.defaults(DeviceSchema.DGW_2_0);
        }
        UnitProfile unit = new UnitProfile(home, profile, apply);
        unit.save();
        apply.accept(ProfileMapping.map(profile, home));
        return unit;
    }

    /**
     * The home's folders, owner-only (rwx------) like the home itself: they hold private keys,
     * the TLS key log, logs that may quote the unit's traffic; a file a library creates there
     * with the process umask (0644) is then still unreadable by other users.
     */
    static void prepareHome(Path home) throws IOException {
        ownerOnlyFolder(home);
        for (String dir : List.of("certs", "certs/other", "certs/host", "logs", "keylog", "web")) {
            ownerOnlyFolder(home.resolve(dir));
        }
    }

    private static void ownerOnlyFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER);
            } catch (IOException e) {
                // Not the unit's own folder (another owner): its owner decides.
            }
        }
    }

    synchronized Profile configured() {
        return configured;
    }

    synchronized Profile running() {
        return running;
    }

    Path home() {
        return home;
    }

    /**
     * Follows the certificate store: the TLS transport reads it only when it starts, so a
     * certificate uploaded or deleted later waits, like a restart-required variable, for
     * {@link #restartRequiredServices()} (guide 2.3: "restart required services to use it").
     *
     * @param fingerprint what is installed now; its value at this call is what the transport uses
     */
    synchronized void watchCertificates(java.util.function.Supplier<String> fingerprint) {
        certificates = fingerprint;
        runningCertificates = fingerprint.get();
    }

    /** Services with changes waiting for a restart. */
    synchronized Set<String> pendingServices() {
        Set<String> pending = running.servicesToRestartFor(configured);
        if (!certificates.get().equals(runningCertificates)) {
            Set<String> withTransport = new java.util.TreeSet<>(pending);
            withTransport.add(TLS_SERVICE);
            return withTransport;
        }
        return pending;
    }

    synchronized String get(String variable) {
        VariableAddress address = VariableAddress.parse(variable);
        if (configured.schema().spec(address).isEmpty()) {
            throw new IllegalArgumentException("unknown variable " + variable);
        }
        return configured.get(address);
    }

    /**
     * {@code VARIABLE=value} for people: a secret (password, pre-shared key) is masked unless
     * {@code reveal}, as {@code ta:profile} masks it, so that a shared screen or a pasted
     * transcript does not leak it; an empty secret shows empty (nothing to hide, and it tells
     * that none is set).
     */
    synchronized String show(String variable, boolean reveal) {
        VariableAddress address = VariableAddress.parse(variable);
        VariableSpec spec = configured.schema().spec(address)
                .orElseThrow(() -> new IllegalArgumentException("unknown variable " + variable));
        String value = configured.get(address);
        boolean masked = spec.secret() && !reveal && !value.isEmpty();
        return variable + "=" + (masked ? org.secureta.provisioning.profile.ProfileWriter.MASK : value);
    }

    /** Sets one variable, checked as a profile line; applies it now unless it needs a restart. */
    synchronized Change set(String variable, String value, String source) throws ProfileException, IOException {
        VariableAddress address;
        try {
            address = VariableAddress.parse(variable.strip());
        } catch (IllegalArgumentException e) {
            throw new ProfileException(new org.secureta.provisioning.profile.ProfileError(source, 0, variable, e.getMessage(), ""));
        }
        Profile changed = configured.with(address, value.strip(), source);
        configured = changed;
        save();
        applyImmediateChanges();
        // A value the running unit already has waits for nothing (ta:set of an unchanged value).
        Set<String> pending = pendingServices();
        boolean waits = configured.schema().spec(address).flatMap(VariableSpec::restartService).filter(pending::contains).isPresent();
        return new Change(address, value.strip(), !waits, pending);
    }

    /** Replaces the whole configuration (profile import); restart-required parts wait as for {@link #set}. */
    synchronized Set<String> replace(Profile profile) throws IOException {
        configured = profile;
        save();
        applyImmediateChanges();
        return pendingServices();
    }

    /** Scm.RestartRequiredServices: the running profile becomes the configured one. */
    synchronized Set<String> restartRequiredServices() {
        Set<String> restarted = pendingServices();
        running = configured;
        String installed = certificates.get();
        if (!installed.equals(runningCertificates)) {
            runningCertificates = installed;
            certificatesGeneration++;
        }
        apply.accept(ProfileMapping.map(running, home, certificatesGeneration));
        return restarted;
    }

    private void applyImmediateChanges() {
        Profile effective = running.withImmediateChangesFrom(configured);
        if (!effective.equals(running)) {
            running = effective;
            apply.accept(ProfileMapping.map(running, home, certificatesGeneration));
        }
    }

    /** Saved with owner-only permissions: it holds passwords and keys. */
    private void save() throws IOException {
        Path target = home.resolve(PROFILE_FILE);
        Path temp = Files.createTempFile(home, ".profile", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's own protection applies.
        }
        Files.writeString(temp, ProfileWriter.export(configured, false));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
