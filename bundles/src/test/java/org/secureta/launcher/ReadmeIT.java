package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.secureta.proxykit.FreePorts;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README is run as written: every {@code sh} block, in order, in one bash (as if pasted into a
 * terminal, so its variables and background jobs carry over) in a fresh folder where {@code ./ta}
 * calls the repository's {@code ta}. A block preceded by {@code <!-- not run by ReadmeIT: reason -->}
 * is left out; there may be only a few of those, each with its reason. The lab's ports come from
 * the environment (the README's defaults are fixed high ports).
 */
class ReadmeIT {

    private static final Path ROOT = Path.of(System.getProperty("secureta.root", "."));
    private static final String SKIP = "<!-- not run by ReadmeIT:";
    private static final int MAX_SKIPPED = 3;

    /** One {@code sh} block of the README. */
    record Block(int number, int line, String text, Optional<String> skipReason) {
    }

    @TempDir
    Path dir;

    @Test
    void everyShellBlockRunsInOrderAndTheWalkThroughPlacesASecureCallWhoseSignallingDecryptsWithTheKeyLog() throws Exception {
        String path = tools();
        assumeTrue(onPath(path, "kamailio"), "kamailio is not installed here (apt-get install kamailio kamailio-tls-modules; ./ta test does it)");
        assumeTrue(onPath(path, "tshark"), "tshark is not installed here (apt-get install tshark; ./ta test does it)");

        List<Block> blocks = blocks(Files.readString(ROOT.resolve("README.md")));
        List<Block> skipped = blocks.stream().filter(b -> b.skipReason().isPresent()).toList();
        assertTrue(skipped.size() <= MAX_SKIPPED, "only a few README blocks may be left out, found " + skipped);
        skipped.forEach(b -> assertFalse(b.skipReason().get().isBlank(), "README line " + b.line() + ": a skipped block needs its reason"));
        assertTrue(skipped.stream().anyMatch(b -> b.text().contains("./ta test")), "./ta test is the suite itself and must be marked");

        Path ta = dir.resolve("ta");
        Files.writeString(ta, "#!/bin/sh\nexec '" + ROOT.toAbsolutePath().resolve("ta") + "' \"$@\"\n");
        Files.setPosixFilePermissions(ta, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve("readme.sh");
        Files.writeString(script, script(blocks));

        List<Integer> ports = FreePorts.tcpAndUdp(4);
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", script.toString()).directory(dir.toFile())
                .redirectInput(new File("/dev/null")).redirectErrorStream(true).redirectOutput(dir.resolve("readme.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", path);
        env.put("PROXY_PORT", ports.get(0).toString());
        env.put("TA1_LINK_PORT", ports.get(1).toString());
        env.put("TA2_LINK_PORT", ports.get(2).toString());
        env.put("TA2_WEB_PORT", ports.get(3).toString());
        // Started outside the JVM's process group, in its own session: every process the README starts
        // (Kamailio and its workers, units, tshark) is in that group, and ends with it below.
        Process bash = builder.start();
        boolean finished;
        boolean leftovers;
        try {
            finished = bash.waitFor(10, TimeUnit.MINUTES);
            leftovers = finished && !groupEnds(bash.pid(), 40);
        } finally {
            signalGroup(bash.pid(), "TERM");
            if (!groupEnds(bash.pid(), 30)) {
                signalGroup(bash.pid(), "KILL");
            }
        }
        String log = Files.readString(dir.resolve("readme.log"), StandardCharsets.UTF_8);
        // Kept for whoever reads a failure (the temporary folder goes).
        Files.writeString(Path.of("target", "ReadmeIT-readme.log"), log);
        assertTrue(finished, "the README did not finish in 10 minutes:\n" + tail(log));

        for (Block block : blocks) {
            if (block.skipReason().isPresent()) {
                continue;
            }
            if (!log.contains("@@ README block " + block.number() + " end\n")) {
                fail("README block " + block.number() + " (line " + block.line() + ") failed, exit " + bash.exitValue() + ":\n"
                        + block.text() + "\n--- its output:\n" + tail(output(log, block.number())));
            }
        }
        assertEquals(0, bash.exitValue(), tail(log));

        String demo = output(log, blockWith(blocks, "./ta demo").number());
        assertTrue(demo.contains("RESULT: PASS"), tail(demo));

        String call = output(log, blockWith(blocks, "./ta call lab/ta1.profile 200\n").number());
        assertTrue(call.contains("REGISTRATION line=Port1 state=Registered user=100"), tail(call));
        assertTrue(call.contains("  security:     secure (Mipt.DefaultSecurityRtpMode=Secure)"), tail(call));
        assertTrue(call.contains("  keys:         Sdes, suite AES_CM_128_HMAC_SHA1_80"), tail(call));
        assertTrue(Pattern.compile("auth failures 0,").matcher(call).find() && call.contains("(audio decrypted)"), tail(call));
        assertTrue(call.contains("RESULT: PASS"), tail(call));
        assertFalse(call.contains("lab-secret-100"), "a line's password reached the output");
        int ladder = call.indexOf("  ladder (ta:ladder):");
        assertTrue(ladder > 0 && call.indexOf("INVITE", ladder) > 0, "no ladder of the call in the summary:\n" + tail(call));

        String decrypted = output(log, blockWith(blocks, "tls.keylog_file").number());
        assertTrue(decrypted.contains("Request: REGISTER sip:127.0.0.1:" + ports.get(0)), "REGISTER not readable:\n" + decrypted);
        assertTrue(decrypted.contains("Request: INVITE sip:200@127.0.0.1:" + ports.get(0)), "INVITE not readable:\n" + decrypted);
        assertTrue(decrypted.contains("Status: 200 OK (INVITE)"), decrypted);
        String withoutKeys = output(log, blockWith(blocks, "without the key log").number());
        assertTrue(withoutKeys.lines().anyMatch(l -> l.strip().equals("0")), "SIP readable without the key log:\n" + withoutKeys);

        String scenario = output(log, blockWith(blocks, "./ta scenario wireshark").number());
        assertTrue(scenario.contains("Request-Line: REGISTER sip:"), tail(scenario));
        String list = output(log, blockWith(blocks, "./ta scenario --list").number());
        assertTrue(list.contains("keymgmt-mismatch") && list.contains("cert-expired"), list);

        assertFalse(leftovers, "the README's last commands left processes running (Kamailio or the unit)");
    }

    /** The {@code sh} blocks of a Markdown text, each with the reason it is skipped if a skip comment precedes it. */
    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("```sh")) {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                    text.append(lines.get(j)).append('\n');
                    j++;
                }
                Optional<String> reason = previous.startsWith(SKIP)
                        ? Optional.of(previous.substring(SKIP.length(), previous.length() - (previous.endsWith("-->") ? 3 : 0)).strip())
                        : Optional.empty();
                blocks.add(new Block(blocks.size() + 1, i + 1, text.toString(), reason));
                i = j;
                previous = "";
            } else if (!line.isEmpty()) {
                previous = line;
            }
        }
        return blocks;
    }

    /** One bash script: stop at the first failing command, mark where each block begins and ends. */
    private static String script(List<Block> blocks) {
        StringBuilder s = new StringBuilder("set -eo pipefail\n");
        for (Block b : blocks) {
            if (b.skipReason().isEmpty()) {
                s.append("echo '@@ README block ").append(b.number()).append(" begin'\n").append(b.text())
                        .append("echo '@@ README block ").append(b.number()).append(" end'\n");
            }
        }
        return s.toString();
    }

    private static String output(String log, int block) {
        int begin = log.indexOf("@@ README block " + block + " begin\n");
        if (begin < 0) {
            return "(the block never started)";
        }
        int end = log.indexOf("@@ README block " + block + " end\n", begin);
        return log.substring(begin, end < 0 ? log.length() : end);
    }

    private static Block blockWith(List<Block> blocks, String text) {
        return blocks.stream().filter(b -> b.skipReason().isEmpty() && b.text().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no README block runs " + text.strip()));
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }

    /** The PATH for the README's commands; Kamailio lives in sbin, which not every PATH has. */
    private static String tools() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return path.contains("/usr/sbin") ? path : path + ":/usr/sbin:/sbin";
    }

    private static boolean onPath(String path, String tool) {
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void signalGroup(long group, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + group).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits until no process of the group is left; false if some still run after the timeout. */
    private static boolean groupEnds(long group, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            Process probe = new ProcessBuilder("kill", "-0", "--", "-" + group).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            probe.waitFor(10, TimeUnit.SECONDS);
            if (probe.exitValue() != 0) {
                return true;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
