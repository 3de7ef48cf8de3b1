package org.secureta.launcher;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.secureta.launcher.scenario.LabKit;
import org.secureta.proxykit.FreePorts;

/**
 * The training run of the distribution's class-data sharing archive ({@code lib/secureta.jsa},
 * issue 19), run at package time as
 * {@code java -XX:ArchiveClassesAtExit=lib/secureta.jsa -cp lib/launcher.jar org.secureta.launcher.ClassDataArchive DIST}:
 * it starts one unit the way {@code ta run} does (every bundle of the distribution, a TLS profile
 * whose registrar, a {@link TrainingRegistrar} with a lab kit's certificate, answers the REGISTER
 * with a digest challenge and then a 200, so that the transport, the TLS handshake, the
 * registration, the provisioning and the call agent load their classes) and stops it once the line
 * is registered. At exit the JVM writes every class
 * it loaded, parsed and verified, the bundles' too, into the archive; {@code ./ta} then maps them
 * instead of loading them again.
 *
 * <p>The archive is an optimisation only: {@code ./ta} uses it when it is there and the JVM
 * ignores it, silently, when it no longer matches (another JDK, a rebuilt launcher jar); a bundle
 * class whose bytes changed is simply loaded from its jar again.
 */
final class ClassDataArchive {

    /**
     * Whether the training registers at a {@link TrainingRegistrar} and links JAIN-SIP's classes
     * before the dump; {@code -Dsecureta.cds.trainRegistration=false} trains as session 7 did (a
     * registrar that does not answer), for comparisons (docs/benchmarks.md).
     */
    private static final boolean TRAIN_REGISTRATION = Boolean.parseBoolean(System.getProperty("secureta.cds.trainRegistration", "true"));

    private ClassDataArchive() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ClassDataArchive DISTRIBUTION");
            System.exit(Main.USAGE);
        }
        Path distribution = Path.of(args[0]);
        Path work = Files.createTempDirectory("secureta-cds");
        int code = Main.FAILED;
        try {
            // The training unit's warnings (no Host certificate, no registrar) are expected: not for the build log.
            Logging.configure(work.resolve("logs"), false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            TrainingRegistrar registrar = TRAIN_REGISTRATION ? answeringRegistrar(distribution, work) : null;
            int registrarPort = registrar != null ? registrar.port() : FreePorts.tcpAndUdp();
            // No SNTP server here: the lab override lets the link start on the host's clock.
            UnitProfile profile = UnitProfile.tlsLine("100", "training-only", "127.0.0.1:" + registrarPort, FreePorts.persistentBase())
                    .with("SecureTA.LabAllowUnsynchronisedClock", "Enable");
            Path profileFile = profile.write(work.resolve("training.profile"));
            try (TrainingRegistrar answering = registrar;
                 Container container = Container.start(new LaunchOptions(distribution, work.resolve("home"), Optional.of(profileFile), false, false))) {
                // libjitsi's bundles too (they start after the unit): their classes belong in the archive.
                // They start at the unit's first registration outcome: with the answering registrar, once
                // the line is Registered, so the handshake and the digest exchange are done by then.
                if (!container.startFailures().isEmpty() || !container.awaitReady(Duration.ofMinutes(5))
                        || !container.awaitDeferredStart(Duration.ofMinutes(5))) {
                    System.err.println("ClassDataArchive: the training unit did not start: " + Main.readyProblem(container));
                } else {
                    if (TRAIN_REGISTRATION) {
                        Arrays.stream(container.framework().getBundleContext().getBundles())
                                .filter(b -> "org.secureta.tls-transport".equals(b.getSymbolicName()))
                                .forEach(transport -> linkForTheArchive(transport, "gov/nist", "javax/sip"));
                    }
                    code = Main.OK;
                }
            }
        } finally {
            try (var paths = Files.walk(work)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        // Through System.exit, as the launcher ends: the JVM writes the archive on its way out.
        System.exit(code);
    }

    /**
     * Links, without initialising, every class in {@code folders} of {@code bundle}. JDK 17's
     * dynamic archive leaves out a class that was loaded but never linked ("Not linked": 358 in the
     * training, most of them JAIN-SIP's header and parser classes, which the verification of its
     * factories loads), and a unit then reads those from the jar at every start. Reflecting on a
     * class's methods links it (HotSpot links a class before listing its methods) and runs no
     * static initialiser. JAIN-SIP's classes that the unit never loads go into the archive too:
     * mapped, not loaded, at a start.
     */
    private static void linkForTheArchive(Bundle bundle, String... folders) {
        for (String folder : folders) {
            Enumeration<URL> entries = bundle.findEntries(folder, "*.class", true);
            while (entries != null && entries.hasMoreElements()) {
                String path = entries.nextElement().getPath();
                String name = path.substring(path.startsWith("/") ? 1 : 0, path.length() - ".class".length()).replace('/', '.');
                try {
                    bundle.loadClass(name).getDeclaredMethods();
                } catch (ClassNotFoundException | LinkageError e) {
                    // A class whose optional dependencies are not in the distribution: no unit uses it.
                }
            }
        }
    }

    /**
     * A registrar that answers (a lab kit made as {@code ta certs} makes it, the training unit
     * trusting its CA), so that the TLS handshake, the HostName check and the digest exchange run
     * in the training; null, said on standard error, when it cannot be set up: the archive is then
     * trained on a start whose registrar does not answer, as before, and holds fewer classes.
     */
    private static TrainingRegistrar answeringRegistrar(Path distribution, Path work) {
        try {
            LabKit kit = LabKit.create(distribution, work.resolve("kit"), "127.0.0.1", List.of());
            Path trusted = work.resolve("home").resolve("certs").resolve("other");
            UnitHome.ownerOnlyFolder(work.resolve("home"));
            Files.createDirectories(trusted);
            Files.copy(kit.caCertificate(), trusted.resolve("ca.crt"));
            return TrainingRegistrar.start(kit.proxyCertDir().resolve("proxy.crt"), kit.proxyCertDir().resolve("proxy.key"));
        } catch (Exception e) {
            System.err.println("ClassDataArchive: no answering registrar for the training (" + e + "); the archive will leave out"
                    + " the classes of the TLS handshake and the registration");
            return null;
        }
    }
}
