package org.secureta.proxykit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many of a lab Kamailio's TCP workers may serve TLS at once. Kamailio before 5.8 with
 * OpenSSL 3 (Debian 12's 5.6.3, Ubuntu's 5.7) corrupts its shared memory when several workers
 * run TLS handshakes at the same time: OpenSSL 3 keeps per-thread state that the forked workers
 * share through Kamailio's shared-memory allocator (kamailio#3791, #3635, #3259: "qm: fragm. ...
 * beginning overwritten ... called from tls: tls_init.c", a worker killed by signal 6 or 11, the
 * proxy gone). 5.8 added {@code tls_threads_mode} for it. Measured here with Kamailio 5.6.3: a
 * fleet of 600 units that registers in 15 s crashed the proxy in three runs out of three with 4
 * TCP workers and in none of two with one (docs/benchmarks.md). So a lab proxy of such a version gets one TCP
 * worker; SIP over TLS for a lab's units is far from what one Kamailio process can carry.
 */
public final class KamailioTlsWorkers {

    private static final Pattern VERSION = Pattern.compile("kamailio (\\d+)\\.(\\d+)");
    private static final ConcurrentHashMap<Path, Optional<int[]>> VERSIONS = new ConcurrentHashMap<>();

    private KamailioTlsWorkers() {
    }

    /** The TCP workers a lab proxy gets: {@code wanted}, or 1 for a Kamailio before 5.8 (or one whose version cannot be read). */
    public static int forLab(Path kamailio, int wanted) {
        return concurrentTlsIsSafe(version(kamailio)) ? wanted : 1;
    }

    /** Why a lab proxy runs one TCP worker, for its progress line; empty when it does not. */
    public static Optional<String> reason(Path kamailio) {
        Optional<int[]> version = version(kamailio);
        if (concurrentTlsIsSafe(version)) {
            return Optional.empty();
        }
        String which = version.map(v -> "Kamailio " + v[0] + "." + v[1]).orElse("a Kamailio whose version is unknown");
        return Optional.of("1 TCP worker: " + which + " with OpenSSL 3 corrupts its shared memory when several workers run"
                + " TLS handshakes at once (kamailio#3791; fixed by 5.8's tls_threads_mode)");
    }

    /**
     * The script with {@code tcp_children=workers}: an existing tcp_children line replaced, or
     * one added after the {@code children=} line (TLS links are served by the TCP workers, which
     * default to {@code children}).
     */
    public static String withTcpWorkers(String script, int workers) {
        if (Pattern.compile("(?m)^tcp_children=\\d+$").matcher(script).find()) {
            return script.replaceFirst("(?m)^tcp_children=\\d+$", "tcp_children=" + workers);
        }
        return script.replaceFirst("(?m)^(children=\\d+)$", "$1\ntcp_children=" + workers);
    }

    static boolean concurrentTlsIsSafe(Optional<int[]> version) {
        return version.map(v -> v[0] > 5 || (v[0] == 5 && v[1] >= 8)).orElse(false);
    }

    /** Major and minor version from the first line of {@code kamailio -v}, e.g. "version: kamailio 5.6.3 (x86_64/linux)". */
    static Optional<int[]> parse(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        return m.find() ? Optional.of(new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))}) : Optional.empty();
    }

    private static Optional<int[]> version(Path kamailio) {
        return VERSIONS.computeIfAbsent(kamailio, k -> {
            try {
                Process p = new ProcessBuilder(k.toString(), "-v").redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readNBytes(4096);
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                return parse(new String(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });
    }
}
