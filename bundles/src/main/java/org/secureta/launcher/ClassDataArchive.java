package org.secureta.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import org.secureta.proxykit.FreePorts;

/**
 * The training run of the distribution's class-data sharing archive ({@code lib/secureta.jsa},
 * issue 19), run at package time as
 * {@code java -XX:ArchiveClassesAtExit=lib/secureta.jsa -cp lib/launcher.jar org.secureta.launcher.ClassDataArchive DIST}:
 * it starts one unit the way {@code ta run} does (every bundle of the distribution, a TLS profile
 * whose registrar does not answer, so that the transport, the provisioning and the call agent
 * load their classes) and stops it once the profile is applied. At exit the JVM writes every class
 * it loaded, parsed and verified, the bundles' too, into the archive; {@code ./ta} then maps them
 * instead of loading them again.
 *
 * <p>The archive is an optimisation only: {@code ./ta} uses it when it is there and the JVM
 * ignores it, silently, when it no longer matches (another JDK, a rebuilt launcher jar); a bundle
 * class whose bytes changed is simply loaded from its jar again.
 */
final class ClassDataArchive {

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
            int registrar = FreePorts.tcpAndUdp();
            // No SNTP server here: the lab override lets the link start on the host's clock.
            UnitProfile profile = UnitProfile.tlsLine("100", "training-only", "127.0.0.1:" + registrar, FreePorts.persistentBase())
                    .with("SecureTA.LabAllowUnsynchronisedClock", "Enable");
            Path profileFile = profile.write(work.resolve("training.profile"));
            try (Container container = Container.start(new LaunchOptions(distribution, work.resolve("home"), Optional.of(profileFile), false, false))) {
                // libjitsi's bundles too (they start after the unit): their classes belong in the archive.
                if (!container.startFailures().isEmpty() || !container.awaitReady(Duration.ofMinutes(5))
                        || !container.awaitDeferredStart(Duration.ofMinutes(5))) {
                    System.err.println("ClassDataArchive: the training unit did not start: " + Main.readyProblem(container));
                } else {
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
}
