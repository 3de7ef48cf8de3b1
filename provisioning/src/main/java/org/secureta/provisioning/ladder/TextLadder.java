package org.secureta.provisioning.ladder;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws ladders for a terminal: fixed-width, one lifeline per endpoint, one arrow per message with
 * the time (UTC) on the left, and under each arrow its hop (transport and security verdict) and
 * its SDP summary. Fits 100 columns for up to eight endpoints. ASCII by default; box-drawing
 * lines with {@link #unicode()}.
 */
public final class TextLadder {

    /** The width the layout aims for. */
    public static final int WIDTH = 100;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final int FIRST_LIFELINE = 18;
    private static final int MIN_SPACING = 10;
    private static final int MAX_SPACING = 44;
    private static final int RIGHT_MARGIN = 10;
    private static final int MIN_NOTE = 30;

    private final char line;
    private final char lifeline;

    private TextLadder(char line, char lifeline) {
        this.line = line;
        this.lifeline = lifeline;
    }

    public static TextLadder ascii() {
        return new TextLadder('-', '|');
    }

    public static TextLadder unicode() {
        return new TextLadder('\u2500', '\u2502');
    }

    public String render(List<Ladder> ladders) {
        if (ladders.isEmpty()) {
            return "no SIP messages traced\n";
        }
        StringBuilder s = new StringBuilder();
        for (Ladder ladder : ladders) {
            if (!s.isEmpty()) {
                s.append('\n');
            }
            s.append(render(ladder));
        }
        return s.toString();
    }

    public String render(Ladder ladder) {
        List<String> out = new ArrayList<>();
        out.add(clean(ladder.title()));
        int n = ladder.endpoints().size();
        int spacing = n < 2 ? MAX_SPACING
                : Math.max(MIN_SPACING, Math.min(MAX_SPACING, (WIDTH - 1 - FIRST_LIFELINE - RIGHT_MARGIN) / (n - 1)));
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = FIRST_LIFELINE + i * spacing;
        }
        out.addAll(header(ladder.endpoints(), x));
        out.add(lifelines(x, "").stripTrailing());
        // The hop of a pair of columns is said once, and again only when it changes.
        java.util.Map<String, String> hopSaid = new java.util.HashMap<>();
        for (Arrow a : ladder.arrows()) {
            String pair = Math.min(a.from(), a.to()) + "-" + Math.max(a.from(), a.to());
            // Both ends' verdicts come sender's first: the answer's hop is the request's, reversed.
            String hop = String.join(" ", java.util.Arrays.stream(a.hop().split(" ")).sorted().toList());
            boolean newHop = !hop.equals(hopSaid.put(pair, hop));
            out.addAll(arrow(a, x, newHop));
        }
        out.add(lifelines(x, "").stripTrailing());
        return String.join("\n", out) + "\n";
    }

    /** Endpoint labels centred on their lifelines; a label that would touch the previous one drops a row. */
    private static List<String> header(List<Endpoint> endpoints, int[] x) {
        List<StringBuilder> rows = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            String label = clean(endpoints.get(i).label());
            int start = Math.max(0, x[i] - label.length() / 2);
            StringBuilder row = null;
            for (StringBuilder r : rows) {
                if (r.length() + 1 < start) {
                    row = r;
                    break;
                }
            }
            if (row == null) {
                row = new StringBuilder();
                rows.add(row);
            }
            while (row.length() < start) {
                row.append(' ');
            }
            row.append(label);
        }
        return rows.stream().map(StringBuilder::toString).toList();
    }

    private String lifelines(int[] x, String prefix) {
        char[] row = new char[x.length == 0 ? prefix.length() : x[x.length - 1] + 1];
        Arrays.fill(row, ' ');
        for (int p : x) {
            row[p] = lifeline;
        }
        System.arraycopy(prefix.toCharArray(), 0, row, 0, Math.min(prefix.length(), FIRST_LIFELINE - 1));
        return new String(row);
    }

    private List<String> arrow(Arrow a, int[] x, boolean sayHop) {
        List<String> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String label = clean(a.label());
        char[] row = lifelines(x, TIME.format(a.time())).toCharArray();
        int left = Math.min(x[a.from()], x[a.to()]);
        int right = Math.max(x[a.from()], x[a.to()]);
        if (left == right) {
            notes.add("itself: " + label);
        } else {
            for (int p = left + 1; p < right; p++) {
                row[p] = line;
            }
            if (a.from() < a.to()) {
                row[right - 1] = '>';
            } else {
                row[left + 1] = '<';
            }
            String text = " " + label + " ";
            int span = right - left - 1;
            if (text.length() <= span - 4) {
                int start = left + 1 + (span - text.length()) / 2;
                text.getChars(0, text.length(), row, start);
            } else {
                notes.add(label);
            }
        }
        rows.add(new String(row).stripTrailing());
        if (sayHop) {
            notes.add(clean(a.hop()));
        }
        if (!a.sdp().isEmpty()) {
            notes.add(clean(a.sdp()));
        }
        // Near the right edge a note starts further left rather than break a label into pieces.
        int at = Math.min(left + 3, WIDTH - MIN_NOTE);
        for (String note : notes) {
            for (String part : wrap(note, WIDTH - at)) {
                rows.add(overlay(lifelines(x, ""), at, part));
            }
        }
        return rows;
    }

    /**
     * Splits a note at spaces into lines of at most {@code width}; later lines are indented. A
     * word longer than the width stays whole on a longer line: a suite or a key tag cut in two
     * reads as two words.
     */
    static List<String> wrap(String note, int width) {
        List<String> out = new ArrayList<>();
        String rest = note;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 2) {
                cut = rest.indexOf(' ', Math.max(3, width));
                if (cut < 0) {
                    break;
                }
            }
            out.add(rest.substring(0, cut).stripTrailing());
            rest = "  " + rest.substring(cut).strip();
        }
        out.add(rest);
        return out;
    }

    private static String overlay(String base, int at, String text) {
        StringBuilder s = new StringBuilder(base);
        while (s.length() < at + text.length()) {
            s.append(' ');
        }
        s.replace(at, at + text.length(), text);
        return s.toString().stripTrailing();
    }

    /** Text from the wire may hold control characters that would move a terminal's cursor. */
    static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
