package org.secureta.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One SIP message ladder from several units' traces, through the units' own commands (the
 * launcher has no ladder code): every other unit saves its trace ({@code ta:trace --to FILE}),
 * one unit merges them with its own ({@code ta:ladder all --with FILE... --svg FILE}), so that a
 * message one unit sent and another received is one arrow.
 */
public final class MergedLadder {

    /** A running unit's {@code ta:} commands. */
    @FunctionalInterface
    public interface Commands {
        String run(String name, String... args) throws ReflectiveOperationException;
    }

    private MergedLadder() {
    }

    public static void saveTrace(Commands unit, Path file) throws ReflectiveOperationException {
        unit.run("trace", "--to", file.toString());
    }

    /** The ladder text of every exchange; the same ladder is written as SVG to {@code svg}. */
    public static String draw(Commands drawer, List<Path> otherTraces, Path svg) throws ReflectiveOperationException {
        List<String> args = new ArrayList<>(List.of("all"));
        otherTraces.forEach(t -> args.addAll(List.of("--with", t.toString())));
        args.addAll(List.of("--svg", svg.toString()));
        return drawer.run("ladder", args.toArray(String[]::new));
    }
}
