package org.secureta.opensips;

import java.io.PrintStream;
import org.secureta.opensips.internal.CertsCommand;
import org.secureta.opensips.internal.ConfigCommand;

/**
 * The two commands of this bundle as plain static methods, for the {@code ta} launcher (outside
 * OSGi) and the Gogo shell alike. Each prints its result on {@code out}, warnings and errors on
 * {@code err}, and returns an exit code: {@link #OK}, {@link #BAD_INPUT} (arguments, profile or
 * settings the command refuses; nothing is written) or {@link #FAILED} (files could not be
 * written).
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private Cli() {
    }

    /**
     * {@code opensips-config PROFILE --target opensips-3|opensips-1|kamailio-5 --out DIR [--cert-dir DIR]}.
     */
    public static int opensipsConfig(String[] args, PrintStream out, PrintStream err) {
        return ConfigCommand.run(args, out, err);
    }

    /**
     * {@code certs --out DIR [--ca-name NAME] [--proxy-host HOST_OR_IP]... [--unit NAME]... [--days N] [--key rsa|ec]}.
     */
    public static int certs(String[] args, PrintStream out, PrintStream err) {
        return CertsCommand.run(args, out, err);
    }

    /** Usage of both commands. */
    public static String usage() {
        return ConfigCommand.USAGE + CertsCommand.USAGE;
    }
}
