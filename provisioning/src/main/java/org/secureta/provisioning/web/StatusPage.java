package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.secureta.provisioning.ladder.Ladder;
import org.secureta.provisioning.syslog.UnitEventSyslog;
import org.secureta.transport.UnitEvent;

/**
 * Status (guide 2.9): the clock, registrations, TLS links (local port, remote address, reason,
 * negotiated TLS version and suite), calls (peer, key management, packet counts), the services'
 * last events, the recent calls' ladders and the recent events with their syslog severity.
 */
final class StatusPage {

    private final UnitManagement unit;
    private final PageLayout layout;
    private volatile Supplier<List<Ladder>> recentCalls = List::of;

    StatusPage(UnitManagement unit, PageLayout layout) {
        this.unit = unit;
        this.layout = layout;
    }

    /** The page draws the ladders of these calls (the unit's message trace). */
    void showLadders(Supplier<List<Ladder>> calls) {
        this.recentCalls = calls;
    }

    void show(HttpServletResponse resp, WebSession s) throws IOException {
        List<UnitEvent> status = unit.status();
        StringBuilder b = new StringBuilder();
        section(b, "Clock", "clock", status, "CLOCK", List.of("state", "offset", "server", "reason"));
        section(b, "Registrations", "registrations", status, UnitEvent.REGISTRATION, List.of("line", "state", "user", "gateway", "reason"));
        // Column heading = event field, or heading=field where the event's name is not the reader's.
        section(b, "TLS links", "tls-links", status, UnitEvent.TLS_LINK,
                List.of("gateway", "state", "local=localPort", "remote=remoteAddress|remoteHost", "reason", "TLS version=tlsVersion", "suite"));
        section(b, "Calls", "calls", status, UnitEvent.CALL,
                List.of("call", "peer", "state", "secure", "keyManagement", "suite", "packets sent=sent", "packets received=received", "reason"));
        section(b, "Services", "services", status, null, List.of());
        b.append(LadderSection.html(recentCalls.get()));
        b.append("<h3>Recent events (syslog)</h3>\n<table class=\"rows\" id=\"events\"><tr><th>Time</th><th>Service</th><th>Severity</th><th>Message</th></tr>\n");
        List<UnitEvent> recent = new ArrayList<>(unit.recent(40));
        Collections.reverse(recent);
        for (UnitEvent e : recent) {
            b.append("<tr class=\"sev-").append(UnitEventSyslog.severityOf(e)).append("\"><td>").append(e.time()).append("</td><td>")
                    .append(UnitEventSyslog.serviceOf(e)).append("</td><td>").append(UnitEventSyslog.severityOf(e)).append("</td><td>")
                    .append(escape(UnitEventSyslog.textOf(e))).append("</td></tr>\n");
        }
        b.append("</table>\n");
        layout.html(resp, HttpServletResponse.SC_OK, "Status", b.toString(), s);
    }

    /** The first of the column's fields ({@code heading=field|fallback}) the event carries, else empty. */
    private static String cell(UnitEvent e, String column) {
        String[] parts = column.split("=", 2);
        for (String field : (parts.length == 2 ? parts[1] : parts[0]).split("\\|")) {
            String value = e.get(field);
            // localPort 0: no port bound yet
            if (value != null && !value.isEmpty() && !(field.equals("localPort") && value.equals("0"))) {
                return value;
            }
        }
        return "";
    }

    private static void section(StringBuilder b, String title, String id, List<UnitEvent> status, String kind, List<String> columns) {
        b.append("<h3>").append(title).append("</h3>\n");
        if (kind == null) {
            b.append("<ul id=\"").append(id).append("\">");
            for (UnitEvent e : status) {
                if (Set.of("UNIT", "PROFILE", "TRANSPORT", "MEDIA", "CERT").contains(e.kind())) {
                    b.append("<li><code>").append(escape(e.toLine())).append("</code></li>");
                }
            }
            b.append("</ul>\n");
            return;
        }
        List<UnitEvent> rows = status.stream().filter(e -> e.kind().equals(kind)).toList();
        if (rows.isEmpty()) {
            b.append("<p id=\"").append(id).append("\" class=\"desc\">none</p>\n");
            return;
        }
        b.append("<table class=\"rows\" id=\"").append(id).append("\"><tr>");
        columns.forEach(c -> b.append("<th>").append(c.split("=", 2)[0]).append("</th>"));
        b.append("</tr>\n");
        for (UnitEvent e : rows) {
            b.append("<tr>");
            columns.forEach(c -> b.append("<td>").append(escape(cell(e, c))).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

}
