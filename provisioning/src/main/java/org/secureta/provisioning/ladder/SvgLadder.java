package org.secureta.provisioning.ladder;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Draws ladders as one self-contained SVG: no script, no style sheet, no external reference
 * (colours are presentation attributes, so the web page's Content-Security-Policy, which forbids
 * inline styles, still shows them). Arrows are green for a verified TLS hop, orange for TLS
 * without a verified peer and red for UDP/TCP; an SDP summary is green for SRTP and red for plain
 * RTP. Every text from the wire is XML-escaped, and characters XML cannot hold are replaced.
 */
public final class SvgLadder {

    static final String SECURE_COLOUR = "#1d7a2c";
    static final String UNVERIFIED_COLOUR = "#c77700";
    static final String INSECURE_COLOUR = "#c0262d";
    private static final String NEUTRAL_COLOUR = "#444444";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final int TIME_COLUMN = 100;
    /** The least distance between lifelines; more when a ladder's labels or notes need it. */
    private static final int SPACING = 260;
    private static final int MAX_SPACING = 900;
    /** Bold 13 px labels are wider than the 11 px notes. */
    private static final double LABEL_CHAR_WIDTH = 8.2;
    private static final int FIRST_LIFELINE = TIME_COLUMN + 130;
    private static final int HEADER_TOP = 36;
    private static final int HEADER_HEIGHT = 28;
    private static final int ROW = 46;
    private static final int SDP_ROW = 14;
    private static final double CHAR_WIDTH = 6.8;
    private static final int LEGEND = 40;
    private static final int GAP = 24;

    private SvgLadder() {
    }

    /** A file: XML declaration and the SVG element. */
    public static String document(List<Ladder> ladders) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(ladders);
    }

    /** The SVG element alone, to put inline in an HTML page. */
    public static String element(List<Ladder> ladders) {
        StringBuilder body = new StringBuilder();
        int y = 0;
        int width = 480;
        for (Ladder ladder : ladders) {
            body.append("<g transform=\"translate(0,").append(y).append(")\">\n");
            int[] size = ladder(body, ladder);
            body.append("</g>\n");
            width = Math.max(width, size[0]);
            y += size[1] + GAP;
        }
        if (ladders.isEmpty()) {
            body.append(text(12, 24, 13, NEUTRAL_COLOUR, "", "no SIP messages traced"));
            y = 40;
        }
        legend(body, y);
        int height = y + LEGEND;
        String title = ladders.size() == 1 ? ladders.get(0).title() : "SIP message ladder, " + ladders.size() + " exchange(s)";
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width
                + " " + height + "\" role=\"img\" font-family=\"DejaVu Sans, Arial, sans-serif\" class=\"sip-ladder\">\n"
                + "<title>" + escape(title) + "</title>\n"
                + "<rect x=\"0\" y=\"0\" width=\"" + width + "\" height=\"" + height + "\" fill=\"#ffffff\"/>\n"
                + body + "</svg>\n";
    }

    /** Draws one ladder from y = 0; returns its width and height. */
    private static int[] ladder(StringBuilder s, Ladder ladder) {
        List<Endpoint> endpoints = ladder.endpoints();
        int n = endpoints.size();
        int top = HEADER_TOP + HEADER_HEIGHT;
        int height = top + 24;
        for (Arrow a : ladder.arrows()) {
            height += ROW + (a.sdp().isEmpty() ? 0 : SDP_ROW);
        }
        int spacing = spacing(ladder);
        double width = FIRST_LIFELINE + Math.max(0, n - 1) * spacing + spacing / 2.0;
        s.append(text(8, 22, 14, "#123a5e", " font-weight=\"bold\"", ladder.title()));
        for (int i = 0; i < n; i++) {
            int x = x(i, spacing);
            String label = endpoints.get(i).label();
            double box = Math.max(150, label.length() * CHAR_WIDTH + 16);
            s.append("<g class=\"endpoint\"><rect x=\"").append(fmt(x - box / 2)).append("\" y=\"").append(HEADER_TOP)
                    .append("\" width=\"").append(fmt(box)).append("\" height=\"").append(HEADER_HEIGHT)
                    .append("\" rx=\"4\" fill=\"").append(endpoints.get(i).unit() ? "#e3ebf3" : "#f4f4f4")
                    .append("\" stroke=\"#123a5e\"/>");
            s.append(text(x, HEADER_TOP + 19, 12, "#123a5e", " text-anchor=\"middle\"", label));
            s.append("<line x1=\"").append(x).append("\" y1=\"").append(top).append("\" x2=\"").append(x).append("\" y2=\"")
                    .append(height).append("\" stroke=\"#8899aa\" stroke-dasharray=\"4 3\"/></g>\n");
        }
        int y = top + 30;
        for (Arrow a : ladder.arrows()) {
            width = Math.max(width, arrow(s, a, y, spacing));
            y += ROW + (a.sdp().isEmpty() ? 0 : SDP_ROW);
        }
        return new int[] {(int) Math.ceil(width), height};
    }

    /** Draws one arrow with its line at {@code y}; returns the rightmost x its texts reach. */
    private static double arrow(StringBuilder s, Arrow a, int y, int spacing) {
        String colour = colour(a.verdict());
        int x1 = x(a.from(), spacing);
        int x2 = x(a.to(), spacing);
        int left = Math.min(x1, x2);
        s.append("<g class=\"message ").append(a.verdict().name().toLowerCase(Locale.ROOT)).append("\">");
        s.append("<title>").append(escape(TIME.format(a.time()) + " " + a.label() + " (CSeq " + a.cseq() + ")\n" + a.hop()
                + (a.sdp().isEmpty() ? "" : "\n" + a.sdp()))).append("</title>");
        s.append(text(8, y + 4, 11, NEUTRAL_COLOUR, "", TIME.format(a.time())));
        if (x1 == x2) {
            // A message to itself: a loop to the right of the lifeline.
            s.append("<path d=\"M").append(x1).append(' ').append(y - 8).append(" h30 v16 h-24\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"/>");
            s.append(arrowhead(x1, y + 8, -1, colour));
        } else {
            int direction = x2 > x1 ? 1 : -1;
            s.append("<line x1=\"").append(x1).append("\" y1=\"").append(y).append("\" x2=\"").append(x2 - direction * 9)
                    .append("\" y2=\"").append(y).append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(a.verdict() == HopSecurity.SECURE ? "" : " stroke-dasharray=\"7 4\"").append("/>");
            s.append(arrowhead(x2, y, direction, colour));
        }
        int middle = x1 == x2 ? x1 + 40 : (x1 + x2) / 2;
        s.append(text(middle, y - 6, 13, "#111111", x1 == x2 ? " font-weight=\"bold\"" : " text-anchor=\"middle\" font-weight=\"bold\"",
                a.label()));
        s.append(text(left + 8, y + 16, 11, colour, "", a.hop()));
        double reach = left + 8 + a.hop().length() * CHAR_WIDTH;
        if (!a.sdp().isEmpty()) {
            s.append(text(left + 8, y + 30, 11, sdpColour(a.sdp()), "", a.sdp()));
            reach = Math.max(reach, left + 8 + a.sdp().length() * CHAR_WIDTH);
        }
        s.append("</g>\n");
        return reach + 12;
    }

    private static String arrowhead(int x, int y, int direction, String colour) {
        int back = x - direction * 10;
        return "<polygon points=\"" + x + "," + y + " " + back + "," + (y - 5) + " " + back + "," + (y + 5) + "\" fill=\"" + colour + "\"/>";
    }

    private static void legend(StringBuilder s, int y) {
        int x = 8;
        for (HopSecurity h : HopSecurity.values()) {
            s.append("<line x1=\"").append(x).append("\" y1=\"").append(y + 14).append("\" x2=\"").append(x + 28).append("\" y2=\"")
                    .append(y + 14).append("\" stroke=\"").append(colour(h)).append("\" stroke-width=\"2\"")
                    .append(h == HopSecurity.SECURE ? "" : " stroke-dasharray=\"7 4\"").append("/>");
            String label = switch (h) {
                case SECURE -> "TLS, peer certificate verified";
                case UNVERIFIED -> "TLS, peer not verified";
                case INSECURE -> "UDP/TCP, not secure";
            };
            s.append(text(x + 34, y + 18, 11, NEUTRAL_COLOUR, "", label));
            x += 34 + (int) (label.length() * CHAR_WIDTH) + 20;
        }
        s.append('\n');
    }

    static String colour(HopSecurity h) {
        return switch (h) {
            case SECURE -> SECURE_COLOUR;
            case UNVERIFIED -> UNVERIFIED_COLOUR;
            case INSECURE -> INSECURE_COLOUR;
        };
    }

    private static String sdpColour(String sdp) {
        if (sdp.contains("RTP/AVP") || sdp.contains("without keys") || sdp.contains(Ladders.SDES_IN_CLEAR)) {
            return INSECURE_COLOUR;
        }
        return sdp.contains("SAVP") ? SECURE_COLOUR : NEUTRAL_COLOUR;
    }

    private static int x(int column, int spacing) {
        return FIRST_LIFELINE + column * spacing;
    }

    /**
     * The distance between lifelines that lets every arrow's label fit between its ends and every
     * note (hop, SDP) end before the next lifeline it would cross: the notes start at the arrow's
     * left end, so they must fit in the arrow's span (or, for a loop, in one spacing).
     */
    static int spacing(Ladder ladder) {
        double needed = SPACING;
        for (Arrow a : ladder.arrows()) {
            int span = Math.max(1, Math.abs(a.to() - a.from()));
            double label = a.label().length() * LABEL_CHAR_WIDTH + 40;
            double note = Math.max(a.hop().length(), a.sdp().length()) * CHAR_WIDTH + 24;
            needed = Math.max(needed, Math.max(label, note) / span);
        }
        for (Endpoint e : ladder.endpoints()) {
            needed = Math.max(needed, e.label().length() * CHAR_WIDTH + 40);
        }
        return (int) Math.ceil(Math.min(MAX_SPACING, needed));
    }

    private static String text(double x, double y, int size, String fill, String extra, String content) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" font-size=\"" + size + "\" fill=\"" + fill + "\"" + extra
                + " xml:space=\"preserve\">" + escape(content) + "</text>";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** XML 1.0 text: markup characters escaped, characters XML cannot hold replaced by U+FFFD. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || (c >= 0x10000 && c <= 0x10FFFF);
                    out.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        });
        return out.toString();
    }
}
