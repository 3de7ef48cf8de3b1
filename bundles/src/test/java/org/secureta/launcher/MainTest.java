package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./ta help} and every command's {@code --help}. */
class MainTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpNamesEveryLauncherCommandItsOptionsEveryShellCommandAndTheExitCodes() throws Exception {
        Result help = run("help");
        assertEquals(Main.OK, help.code());
        for (String command : List.of("ta demo", "ta run", "ta call", "ta certs", "ta opensips-config", "ta scenario", "ta fleet", "ta decrypt", "ta test", "ta help")) {
            assertTrue(help.out().contains("  " + command + " "), command + " missing:\n" + help.out());
        }
        for (String option : List.of("--home DIR", "--bundles DIR", "--no-shell", "--seconds N", "--proxy kamailio", "--media native|libjitsi", "--break host-certificate",
                "--cert-dir DIR", "--proxy-host H", "--unit NAME", "--ca-name NAME", "--days N", "--key rsa|ec", "--dir DIR", "--list", "--debug",
                "--units N", "--first-user U", "--calls-per-second R", "--shard I/N", "--csv FILE", "--max-failed-percent P",
                "--tls-keys KEYLOG", "--srtp-keys FILE", "--psk HEX")) {
            assertTrue(help.out().contains(option), option + " missing:\n" + help.out());
        }
        for (String command : List.of("status", "get", "set", "profile", "restart", "cert", "trace", "ladder", "call", "answer",
                "hangup", "calls", "certs", "opensipsconfig")) {
            assertTrue(help.out().contains("ta:" + command), "ta:" + command + " missing:\n" + help.out());
        }
        assertTrue(help.out().contains("2 the profile was refused"), help.out());
        assertTrue(help.out().contains("exit (or Ctrl-D)"), help.out());
    }

    @Test
    void everyCommandsHelpOptionPrintsItsUsageInsteadOfAnError() throws Exception {
        Result demo = run("demo", "--help");
        assertEquals(Main.OK, demo.code(), demo.err());
        assertTrue(demo.out().startsWith(Demo.USAGE), demo.out());
        for (String command : List.of("run", "call", "scenario", "fleet", "decrypt")) {
            Result r = run(command, "--help");
            assertEquals(Main.OK, r.code(), command + ": " + r.err());
            assertTrue(r.out().contains("ta " + command + " "), command + ":\n" + r.out());
            assertEquals("", r.err(), command);
            Result h = run("help", command);
            assertEquals(r.out(), h.out(), "ta help " + command + " says the same");
        }
        assertTrue(run("run", "-h").out().contains("--no-shell"));
        assertEquals(Main.USAGE, run("help", "fly").code());
    }

    @Test
    void theProxyToolsHelpShowsTheirOwnUsageOnly() {
        String both = "usage: opensips-config PROFILE --target T --out DIR [--cert-dir DIR]\n  writes\nusage: certs --out DIR\n  makes\n";
        assertEquals("\nusage: certs --out DIR\n  makes\n", Main.toolUsage(both, "certs"));
        assertEquals("\nusage: opensips-config PROFILE --target T --out DIR [--cert-dir DIR]\n  writes\n", Main.toolUsage(both, "opensips-config"));
    }

    @Test
    void debugIsAcceptedAnywhereOnTheLine() throws Exception {
        String before = System.getProperty(Logging.DEBUG_PROPERTY);
        try {
            Result r = run("--debug", "help");
            assertEquals(Main.OK, r.code());
            assertEquals("true", System.getProperty(Logging.DEBUG_PROPERTY));
        } finally {
            if (before == null) {
                System.clearProperty(Logging.DEBUG_PROPERTY);
            } else {
                System.setProperty(Logging.DEBUG_PROPERTY, before);
            }
        }
    }
}
