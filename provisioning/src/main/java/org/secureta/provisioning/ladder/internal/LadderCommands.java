package org.secureta.provisioning.ladder.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.secureta.provisioning.ladder.Ladder;
import org.secureta.provisioning.ladder.Ladders;
import org.secureta.provisioning.ladder.MessageTrace;
import org.secureta.provisioning.ladder.SvgLadder;
import org.secureta.provisioning.ladder.TextLadder;
import org.secureta.provisioning.ladder.TraceFormat;
import org.secureta.provisioning.ladder.TraceFormatException;
import org.secureta.provisioning.ladder.TracedMessage;

/**
 * The ladder's commands, which the unit's {@code ta} scope offers ({@code TaCommands} delegates
 * here): {@code ta:trace [CALLID] [--to FILE]} gives trace lines; {@code ta:ladder
 * [last|all|CALLID] [--svg FILE] [--with TRACEFILE]... [--unicode]} draws the ladder, also as SVG,
 * merging other units' traces. Every command returns its text, as the other {@code ta} commands do.
 */
public final class LadderCommands {

    static final String TRACE_USAGE = "usage: ta:trace [CALLID] [--to FILE]";
    static final String USAGE = "usage: ta:ladder [last|all|CALLID] [--svg FILE] [--with [NAME=]TRACEFILE]... [--as NAME]"
            + " [--name ADDRESS=NAME]... [--unicode]";
    /** A party's name in a column heading: short, printable, no separator. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,39}");
    /** A trace file is a few thousand lines; a bigger file is not one. */
    static final long MAX_TRACE_FILE = 64L * 1024 * 1024;

    private final MessageTrace trace;

    public LadderCommands(MessageTrace trace) {
        this.trace = trace;
    }

    public String trace() {
        return TraceFormat.lines(trace.messages());
    }

    public String trace(String callId) {
        return trace(new String[] {callId});
    }

    /** {@code ta:trace [CALLID] [--to FILE]}: the lines, and with --to also saved for another unit's --with. */
    public String trace(String... args) {
        String callId = null;
        Path to = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--to")) {
                if (i + 1 >= args.length) {
                    return "--to FILE: the value is missing\n" + TRACE_USAGE;
                }
                to = Path.of(args[++i]);
            } else if (args[i].startsWith("--") || callId != null) {
                return (args[i].startsWith("--") ? "unknown option " + args[i] : "one Call-ID, not both " + callId + " and " + args[i])
                        + "\n" + TRACE_USAGE;
            } else {
                callId = args[i];
            }
        }
        String id = callId;
        String lines = TraceFormat.lines(id == null ? trace.messages() : trace.messages().stream().filter(m -> m.callId().equals(id)).toList());
        if (to == null) {
            return lines;
        }
        try {
            write(to, lines);
        } catch (IOException e) {
            return "trace not written to " + to + ": " + e;
        }
        return (lines.lines().count() - 1) + " message(s) written to " + to.toAbsolutePath();
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    public String ladder() {
        return ladder(new String[0]);
    }

    public String ladder(String which) {
        return ladder(new String[] {which});
    }

    public String ladder(String... args) {
        String which = null;
        Path svg = null;
        boolean unicode = false;
        String self = "";
        Map<Path, String> others = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--svg" -> svg = Path.of(value(args, ++i, "--svg FILE"));
                    case "--with" -> {
                        String with = value(args, ++i, "--with [NAME=]TRACEFILE");
                        int eq = with.indexOf('=');
                        if (eq > 0 && NAME.matcher(with.substring(0, eq)).matches()) {
                            others.put(Path.of(with.substring(eq + 1)), with.substring(0, eq));
                        } else {
                            others.put(Path.of(with), "");
                        }
                    }
                    case "--as" -> self = name(value(args, ++i, "--as NAME"), "--as");
                    case "--name" -> {
                        String pair = value(args, ++i, "--name ADDRESS=NAME");
                        int eq = pair.lastIndexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--name " + pair + ": expected ADDRESS=NAME, e.g. 127.0.0.1:5061=Kamailio");
                        }
                        names.put(pair.substring(0, eq), name(pair.substring(eq + 1), "--name " + pair));
                    }
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
        // A named trace's local addresses are that party's; --name wins over both.
        Map<String, String> byTrace = new HashMap<>();
        if (!self.isEmpty()) {
            for (TracedMessage m : messages) {
                byTrace.put(m.local(), self);
            }
        }
        for (Map.Entry<Path, String> entry : others.entrySet()) {
            Path other = entry.getKey();
            try {
                List<TracedMessage> read = read(other);
                messages.addAll(read);
                if (!entry.getValue().isEmpty()) {
                    read.forEach(m -> byTrace.put(m.local(), entry.getValue()));
                }
            } catch (IOException e) {
                return "cannot read trace file " + other + ": " + e.getMessage();
            } catch (TraceFormatException e) {
                return e.getMessage();
            }
        }
        byTrace.putAll(names);
        List<Ladder> all = Ladders.build(messages, byTrace);
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
                write(svg, SvgLadder.document(chosen));
            } catch (IOException e) {
                return text + "SVG not written to " + svg + ": " + e;
            }
            text += "SVG written to " + svg.toAbsolutePath() + "\n";
        }
        return text;
    }

    private static String name(String name, String option) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(option + ": '" + name + "' is not a name (letters, digits, _ . : @ -; at most 40)");
        }
        return name;
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
