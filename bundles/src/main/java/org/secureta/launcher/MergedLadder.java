package org.secureta.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The ladder text of every exchange; the same ladder is written as SVG to {@code svg}. Columns named by address. */
    public static String draw(Commands drawer, List<Path> otherTraces, Path svg) throws ReflectiveOperationException {
        Map<Path, String> traces = new LinkedHashMap<>();
        otherTraces.forEach(t -> traces.put(t, ""));
        return draw(drawer, "", traces, Map.of(), svg);
    }

    /**
     * The ladder text of every exchange, with columns named after the parties: {@code drawerName}
     * for the drawing unit's addresses, each trace's name for its unit's, {@code names} for other
     * addresses (a proxy: {@code 127.0.0.1:5061=Kamailio}). The same ladder is written as SVG to {@code svg}.
     */
    public static String draw(Commands drawer, String drawerName, Map<Path, String> otherTraces, Map<String, String> names, Path svg)
            throws ReflectiveOperationException {
        List<String> args = new ArrayList<>(List.of("all"));
        if (!drawerName.isEmpty()) {
            args.addAll(List.of("--as", drawerName));
        }
        otherTraces.forEach((t, name) -> args.addAll(List.of("--with", (name.isEmpty() ? "" : name + "=") + t)));
        names.forEach((address, name) -> args.addAll(List.of("--name", address + "=" + name)));
        args.addAll(List.of("--svg", svg.toString()));
        return drawer.run("ladder", args.toArray(String[]::new));
    }
}
