package org.secureta.provisioning.ladder.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.secureta.provisioning.ladder.Ladder;
import org.secureta.provisioning.ladder.Ladders;
import org.secureta.provisioning.ladder.MessageTrace;
import org.secureta.provisioning.ladder.SvgLadder;
import org.secureta.provisioning.ladder.TextLadder;
import org.secureta.provisioning.ladder.TraceFormat;
import org.secureta.provisioning.ladder.TraceFormatException;
import org.secureta.provisioning.ladder.TracedMessage;

/**
 * The ladder's Gogo commands, in the unit's {@code ta} scope next to {@code ta:status}:
 * {@code ta:trace [CALLID]} prints trace lines; {@code ta:ladder [last|all|CALLID] [--svg FILE]
 * [--with TRACEFILE]... [--unicode]} draws the ladder, also as SVG, merging other units' traces.
 */
@Component(service = LadderCommands.class, property = {
    "osgi.command.scope=ta",
    "osgi.command.function=trace",
    "osgi.command.function=ladder"
})
public final class LadderCommands {

    static final String USAGE = "usage: ta:ladder [last|all|CALLID] [--svg FILE] [--with TRACEFILE]... [--unicode]";
    /** A trace file is a few thousand lines; a bigger file is not one. */
    static final long MAX_TRACE_FILE = 64L * 1024 * 1024;

    private final MessageTrace trace;

    @Activate
    public LadderCommands(@Reference MessageTrace trace) {
        this.trace = trace;
    }

    /**
     * Written to the session's output rather than returned, so that Gogo can redirect it
     * ({@code ta:trace > unit-b.trace}).
     */
    public void trace() {
        print(TraceFormat.lines(trace.messages()));
    }

    public void trace(String callId) {
        print(TraceFormat.lines(trace.messages().stream().filter(m -> m.callId().equals(callId)).toList()));
    }

    private static void print(String lines) {
        // Gogo's ThreadIO routes System.out of the command's thread to the session (or the redirection).
        System.out.print(lines);
        System.out.flush();
    }

    public String ladder() {
        return ladder(new String[0]);
    }

    public String ladder(String... args) {
        String which = null;
        Path svg = null;
        boolean unicode = false;
        List<Path> others = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--svg" -> svg = Path.of(value(args, ++i, "--svg FILE"));
                    case "--with" -> others.add(Path.of(value(args, ++i, "--with TRACEFILE")));
                    case "--unicode" -> unicode = true;
                    default -> {
                        if (a.startsWith("--") || which != null) {
                            return (a.startsWith("--") ? "unknown option " + a : "one of last, all or a Call-ID, not both " + which + " and " + a)
                                    + "\n" + USAGE;
                        }
                        which = a;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "\n" + USAGE;
        }
        List<TracedMessage> messages = new ArrayList<>(trace.messages());
        for (Path other : others) {
            try {
                messages.addAll(read(other));
            } catch (IOException e) {
                return "cannot read trace file " + other + ": " + e.getMessage();
            } catch (TraceFormatException e) {
                return e.getMessage();
            }
        }
        List<Ladder> all = Ladders.build(messages);
        List<Ladder> chosen = Ladders.select(all, which == null ? "last" : which);
        if (chosen.isEmpty()) {
            if (which == null || which.equals("last") || which.equals("all")) {
                return "no SIP messages traced yet";
            }
            return "no messages with Call-ID " + which + "; traced Call-IDs: "
                    + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(Ladder::callId).toList()));
        }
        String text = (unicode ? TextLadder.unicode() : TextLadder.ascii()).render(chosen);
        if (svg != null) {
            try {
                Path parent = svg.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(svg, SvgLadder.document(chosen), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return text + "SVG not written to " + svg + ": " + e;
            }
            text += "SVG written to " + svg.toAbsolutePath() + "\n";
        }
        return text;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + ": the value is missing");
        }
        return args[i];
    }

    private static List<TracedMessage> read(Path file) throws IOException, TraceFormatException {
        if (Files.size(file) > MAX_TRACE_FILE) {
            throw new IOException("larger than " + MAX_TRACE_FILE + " bytes, not a trace file");
        }
        return TraceFormat.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }
}
