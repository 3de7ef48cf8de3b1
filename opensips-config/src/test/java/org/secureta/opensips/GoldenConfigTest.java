package org.secureta.opensips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each profile under src/test/resources/profiles produces, for each target, exactly the files
 * under src/test/resources/golden/PROFILE/TARGET (reviewed line by line against the proxies'
 * documentation, see docs/opensips-config.md), and exactly the warnings and notes in stderr.txt.
 * The certificate directory is a fixed absolute path that does not exist, and the temporary
 * folder (output and OpenSIPS module directory) is written as /GOLDEN, so the output does not
 * depend on the machine.
 */
class GoldenConfigTest {

    static final Path RESOURCES = Path.of("src/test/resources");
    static final List<String> PROFILES = List.of("guide", "mutual-legacy", "open-lab");
    static final List<String> TARGETS = List.of("kamailio-5", "opensips-3", "opensips-1");

    @TempDir
    Path root;

    static Stream<Arguments> cases() {
        return PROFILES.stream().flatMap(p -> TARGETS.stream().map(t -> Arguments.of(p, t)));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("cases")
    void theGeneratedFilesAndWarningsAreTheReviewedOnes(String profile, String target) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path out = root.resolve("out");
        List<String> args = new java.util.ArrayList<>(List.of(RESOURCES.resolve("profiles/" + profile + ".profile").toString(),
                "--target", target, "--out", out.toString(), "--cert-dir", "/etc/secureta/proxy"));
        if (target.startsWith("opensips")) {
            args.addAll(List.of("--module-path", Files.createDirectories(root.resolve("modules")).toString()));
        }
        int code = Cli.opensipsConfig(args.toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Cli.OK, code, err.toString(StandardCharsets.UTF_8));
        Path golden = RESOURCES.resolve("golden/" + profile + "/" + target);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden.resolve("stderr.txt"), machineFree(err.toString(StandardCharsets.UTF_8)));
            for (String file : files(out)) {
                Files.writeString(golden.resolve(file), machineFree(Files.readString(out.resolve(file))));
            }
        }
        assertEquals(Files.readString(golden.resolve("stderr.txt")), machineFree(err.toString(StandardCharsets.UTF_8)), "warnings and notes");
        List<String> expectedFiles = files(golden).stream().filter(f -> !f.equals("stderr.txt")).toList();
        assertEquals(expectedFiles, files(out));
        for (String file : expectedFiles) {
            assertEquals(Files.readString(golden.resolve(file)), machineFree(Files.readString(out.resolve(file))), file);
        }
    }

    private String machineFree(String text) {
        return text.replace(root.toString(), "/GOLDEN");
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
