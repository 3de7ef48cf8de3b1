package org.secureta.launcher.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * A Kamailio configuration written by {@code ta opensips-config PROFILE --target kamailio-5}.
 *
 * @param kamailioCfg the main script (tls.cfg beside it)
 * @param output what the command printed (files written, warnings)
 */
public record ProxyConfig(Path kamailioCfg, String output) {

    public static ProxyConfig generate(Path distribution, Path profile, Path outDir, Path certDir) throws Exception {
        String output = LabKit.Tool.run(distribution, "opensips-config",
                List.of(profile.toString(), "--target", "kamailio-5", "--out", outDir.toString(), "--cert-dir", certDir.toString()));
        return new ProxyConfig(outDir.resolve("kamailio.cfg"), output);
    }
}
