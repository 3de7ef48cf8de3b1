package org.secureta.launcher.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.secureta.launcher.ProxyTools;

/**
 * The certificate kit of a lab, made by {@code ta certs} from the distribution: a CA, the proxy's
 * certificate (SAN: the proxy host) and a Host certificate per unit, laid out as the command lays
 * them out (docs/opensips-config.md).
 */
public record LabKit(Path dir) {

    public static LabKit create(Path distribution, Path dir, String proxyHost, List<String> units) throws Exception {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString(), "--proxy-host", proxyHost));
        for (String unit : units) {
            args.add("--unit");
            args.add(unit);
        }
        Tool.run(distribution, "certs", args);
        return new LabKit(dir);
    }

    /** {@code --cert-dir} of opensips-config: proxy.crt, proxy.key, ca.crt. */
    public Path proxyCertDir() {
        return dir.resolve("proxy");
    }

    public Path caCertificate() {
        return dir.resolve("ca/ca.crt");
    }

    public Path caKey() {
        return dir.resolve("ca/ca.key");
    }

    /** The unit's {@code certs} folder: {@code host/NAME.crt, NAME.key} and {@code other/ca.crt}. */
    public Path unitCerts(String unit) {
        return dir.resolve("units").resolve(unit).resolve("certs");
    }

    /** Runs a proxy tool of the distribution and fails with its output when it does not exit 0. */
    static final class Tool {
        private Tool() {
        }

        static String run(Path distribution, String command, List<String> args) throws Exception {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int code;
            try (PrintStream both = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                code = ProxyTools.run(distribution, command, args.toArray(String[]::new), both, both);
            }
            String output = buffer.toString(StandardCharsets.UTF_8);
            if (code != 0) {
                throw new IOException("ta " + command + " " + String.join(" ", args) + " exited with " + code + ":\n" + output);
            }
            return output;
        }
    }
}
