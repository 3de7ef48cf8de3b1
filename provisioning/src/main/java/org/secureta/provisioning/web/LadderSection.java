package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import java.util.List;
import org.secureta.provisioning.ladder.Ladder;
import org.secureta.provisioning.ladder.SvgLadder;
import org.secureta.provisioning.ladder.TextLadder;

/**
 * The Status page's "SIP message ladders" section: the SVG ladder of each recent call, inline
 * (the SVG escapes every text from the wire and carries no key material), with the same ladder as
 * text to copy into a ticket.
 */
final class LadderSection {

    private LadderSection() {
    }

    static String html(List<Ladder> recentCalls) {
        StringBuilder b = new StringBuilder("<h3>SIP message ladders</h3>\n");
        if (recentCalls.isEmpty()) {
            return b.append("<p id=\"ladders\" class=\"desc\">no calls traced yet</p>\n").toString();
        }
        b.append("<div id=\"ladders\">\n");
        // Newest first, like the event list below.
        for (int i = recentCalls.size() - 1; i >= 0; i--) {
            Ladder ladder = recentCalls.get(i);
            b.append("<div class=\"ladder\">\n").append(SvgLadder.element(List.of(ladder)))
                    .append("<details><summary>as text</summary><pre>").append(escape(TextLadder.ascii().render(ladder)))
                    .append("</pre></details>\n</div>\n");
        }
        return b.append("</div>\n").toString();
    }
}
