package org.secureta.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.secureta.proxykit.Proxy;
import java.util.Optional;

/**
 * {@code ./ta demo}: makes a lab CA and Host certificates, starts two units in this JVM back to
 * back over TLS with SNTP-synchronised clocks, places a secure call each way with SDES and then
 * with MIKEY, checks that the audio decrypts, and prints a report; exits non-zero naming the
 * steps that failed.
 *
 * <pre>
 * ta demo [--home DIR] [--bundles DIR]... [--proxy kamailio|opensips] [--media native|libjitsi] [--break host-certificate]
 * </pre>
 * {@code --bundles}: extension bundles both units load, as with {@code ta run --bundles}.
 * {@code --proxy kamailio|opensips}: the same calls with both units registered to a real Kamailio
 * or OpenSIPS ({@link ThroughProxy}); exits 69 when that proxy is not installed.
 * {@code --media libjitsi}: both units' calls run on libjitsi MediaStreams (SecureTA.MediaEngine=Libjitsi);
 * the report says so and checks each call's engine on both units. Default: native.
 */
final class Demo {

    static final String USAGE = "usage: ta demo [--home DIR] [--bundles DIR]... [--proxy kamailio|opensips] [--media native|libjitsi] "
            + "[--break host-certificate]";
    /** sysexits EX_UNAVAILABLE: the asked-for topology is not available here. */
    static final int UNAVAILABLE = 69;
    /**
     * The least audio per call: the calls' checks need packets both ways and the peer's tone
     * decrypted, which the script awaits; half a second is about 25 packets each way.
     */
    static final Duration AUDIO = Duration.ofMillis(500);

    private final Path distribution;
    private final PrintStream out;

    Demo(Path distribution, PrintStream out) {
        this.distribution = distribution;
        this.out = out;
    }

    int run(List<String> args) throws Exception {
        Path home = Path.of("demo-home");
        String proxy = "";
        String media = "Native";
        boolean breakCertificate = false;
        List<Path> extraBundles = new ArrayList<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            if ((a.equals("--home") || a.equals("--proxy") || a.equals("--break") || a.equals("--bundles") || a.equals("--media"))
                    && rest.isEmpty()) {
                out.println("ta demo: " + a + " needs a value");
                out.println(USAGE);
                return Main.USAGE;
            }
            switch (a) {
                case "--home" -> home = Path.of(rest.remove(0));
                case "--proxy" -> proxy = rest.remove(0);
                case "--media" -> {
                    String what = rest.remove(0);
                    switch (what.toLowerCase(java.util.Locale.ROOT)) {
                        case "native" -> media = "Native";
                        case "libjitsi" -> media = "Libjitsi";
                        default -> {
                            out.println("ta demo: --media '" + what + "' is not known (allowed: native, libjitsi)");
                            return Main.USAGE;
                        }
                    }
                }
                case "--bundles" -> {
                    Path folder = Path.of(rest.remove(0)).toAbsolutePath();
                    if (!Files.isDirectory(folder)) {
                        out.println("ta demo: --bundles " + folder + " is not a folder");
                        return Main.USAGE;
                    }
                    extraBundles.add(folder);
                }
                case "--break" -> {
                    String what = rest.remove(0);
                    if (!what.equals("host-certificate")) {
                        out.println("ta demo: --break '" + what + "' is not known (allowed: host-certificate)");
                        return Main.USAGE;
                    }
                    breakCertificate = true;
                }
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return Main.OK;
                }
                default -> {
                    out.println("ta demo: unknown argument '" + a + "'");
                    out.println(USAGE);
                    return Main.USAGE;
                }
            }
        }
        Proxy kind = null;
        if (!proxy.isEmpty()) {
            kind = Proxy.parse(proxy).orElse(null);
            if (kind == null) {
                out.println("ta demo: --proxy '" + proxy + "' is not known (allowed: kamailio, opensips)");
                return Main.USAGE;
            }
            if (breakCertificate) {
                out.println("ta demo: --break host-certificate is for the back-to-back demo only (through a proxy the units serve no TLS)");
                return Main.USAGE;
            }
            if (!ThroughProxy.available(kind)) {
                out.println("ta demo --proxy " + proxy + ": " + kind.absence() + "; or run `ta demo` for two units back to back");
                return UNAVAILABLE;
            }
        }
        home = home.toAbsolutePath();
        deleteRecursively(home);
        // The units' homes, profiles (with the pre-shared key) and the CA's key are in there.
        UnitHome.ownerOnlyFolder(home);
        Logging.configure(home.resolve("logs"), Logging.debugRequested(), System.err);
        return run(kind == null ? new BackToBack(distribution, home, breakCertificate, extraBundles, media)
                : new ThroughProxy(kind, distribution, home, extraBundles, out, media), media);
    }

    /** Runs the calls on any topology and prints the report. */
    int run(DemoTopology topology) throws Exception {
        return run(topology, "Native");
    }

    /** As above, checking that every call ran on {@code media} (SecureTA.MediaEngine) on both units. */
    int run(DemoTopology topology, String media) throws Exception {
        Steps steps = new Steps(out);
        out.println("SecureTA demo: " + topology.describe());
        List<String> clocks = new ArrayList<>();
        List<String> links = new ArrayList<>();
        List<CallOutcome> calls = new ArrayList<>();
        String ladder = "";
        try (TlsLinkLog tls = TlsLinkLog.install(); UnitPair pair = topology.start(steps)) {
            for (RunningUnit unit : pair.both()) {
                clocks.add(unit.name() + " " + eventText(unit.latest("CLOCK clock=unit").orElse("")));
                String link = unit.latest("TLS_LINK gateway=" + unit.gateway()).orElse("");
                links.add(unit.name() + " -> " + RunningUnit.attribute(link, "remoteHost") + " " + RunningUnit.attribute(link, "state")
                        + tls.negotiated(RunningUnit.attribute(link, "localPort")).map(t -> " " + t).orElse("")
                        + " (local port " + RunningUnit.attribute(link, "localPort") + ")");
            }
            calls.addAll(new CallScript(steps, AUDIO, Optional.of(tls), media).run(pair));
            ladder = ladder(pair, topology.ladderNames());
        } catch (StepFailure alreadyRecorded) {
            // the units could not be started: the report says which step
        }
        return new DemoReport(topology.describe(), media, clocks, links, topology.certificateChecks(), calls, steps.failures(), ladder).print(out);
    }

    /**
     * The ladder of every call, both units' view merged into one arrow per message: unit b saves
     * its trace, unit a draws it with its own (ta:trace --to, ta:ladder --with), also as SVG.
     */
    private String ladder(UnitPair pair, java.util.Map<String, String> names) {
        Path svg = pair.a().home().resolve("ladder.svg");
        try {
            Path peerTrace = pair.a().home().resolve(pair.b().name() + "-trace.txt");
            MergedLadder.saveTrace(pair.b().container()::command, peerTrace);
            String text = MergedLadder.draw(pair.a().container()::command, pair.a().name(), java.util.Map.of(peerTrace, pair.b().name()),
                    names, svg);
            out.println("==> message ladder written to " + svg);
            return text;
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.println("==> no message ladder: " + e);
            return "";
        }
    }

    /** An event line without its time and kind. */
    private static String eventText(String line) {
        String[] parts = line.split(" ", 3);
        return parts.length == 3 ? parts[2] : line;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
