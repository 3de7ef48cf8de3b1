package org.secureta.opensips.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.secureta.opensips.Cli;

/**
 * {@code ta:opensipsconfig PROFILE --target T --out DIR [--cert-dir DIR]} and
 * {@code ta:certs --out DIR --proxy-host H ...} in the Gogo shell: the same code as the launcher's
 * {@code ta opensips-config} and {@code ta certs}. The output, warnings included, is returned as
 * the command's result, followed by the exit code when it is not 0.
 */
@Component(
        service = GogoCommands.class,
        property = {
            "osgi.command.scope=ta",
            "osgi.command.function=opensipsconfig",
            "osgi.command.function=certs"
        })
public final class GogoCommands {

    @Descriptor("a proxy configuration matching a profile; usage: ta:opensipsconfig PROFILE --target opensips-3|opensips-1|kamailio-5"
            + " --out DIR [--cert-dir DIR] (no arguments: the full usage)")
    public String opensipsconfig(@Descriptor("PROFILE --target T --out DIR [--cert-dir DIR]") String... args) {
        return capture(args, true);
    }

    @Descriptor("a lab CA, proxy and unit certificates; usage: ta:certs --out DIR --proxy-host H [--proxy-host H]..."
            + " [--unit NAME[=HOST,...]]... [--ca-name NAME] [--days N] [--key rsa|ec]")
    public String certs(@Descriptor("--out DIR --proxy-host H ... [--unit NAME[=HOST,...]]...") String... args) {
        return capture(args, false);
    }

    private static String capture(String[] args, boolean config) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            int code = config ? Cli.opensipsConfig(args, stream, stream) : Cli.certs(args, stream, stream);
            String text = bytes.toString(StandardCharsets.UTF_8);
            return code == Cli.OK ? text : text + "(exit code " + code + ")";
        }
    }
}
