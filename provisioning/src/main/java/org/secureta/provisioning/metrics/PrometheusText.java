package org.secureta.provisioning.metrics;

/**
 * Writes a {@link MetricsSnapshot} in the Prometheus text exposition format, version 0.0.4: for
 * each metric family a {@code # HELP} and a {@code # TYPE} line, then its samples together;
 * counters end in {@code _total}; the histogram has cumulative {@code _bucket{le="..."}} samples
 * ending with {@code le="+Inf"}, then {@code _sum} and {@code _count}. Label values are escaped
 * ({@code \\}, {@code \"}, {@code \n}) as the format requires.
 *
 * <p>By default only totals are written, whatever the number of units: a fleet of thousands of
 * units gives the same few dozen series as one unit. With per-line series, each line's
 * registration state and each link's state are added as one series each (label {@code unit}
 * only in a fleet), which is what an operator watching a few units wants and what a Prometheus
 * scraping thousands does not.
 */
public final class PrometheusText {

    /** The Content-Type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    /** The exposition of {@code s}; with {@code perLineSeries} also one series per line and per link. */
    public static String write(MetricsSnapshot s, boolean perLineSeries) {
        PrometheusText t = new PrometheusText();
        t.family("secureta_registrations", "gauge", "Lines by registration state (SipEp.RegistrationStatus)");
        s.registrations().forEach((state, n) -> t.sample("secureta_registrations", n, "state", state));
        t.family("secureta_registration_successes_total", "counter", "REGISTERs answered with the line's binding, first registrations and refreshes");
        t.sample("secureta_registration_successes_total", s.registrationSuccesses());
        t.family("secureta_registration_failures_total", "counter", "Registration attempts that failed, by the state they ended in");
        s.registrationFailures().forEach((state, n) -> t.sample("secureta_registration_failures_total", n, "state", state));
        t.family("secureta_tls_links", "gauge", "Persistent TLS links by state (TLS_LINK events)");
        s.links().forEach((state, n) -> t.sample("secureta_tls_links", n, "state", state));
        t.family("secureta_tls_link_connects_total", "counter", "Times a persistent TLS link came up");
        t.sample("secureta_tls_link_connects_total", s.linkConnects());
        t.family("secureta_tls_link_reconnects_total", "counter", "Times a persistent TLS link came up again after it had been up");
        t.sample("secureta_tls_link_reconnects_total", s.linkReconnects());
        t.family("secureta_calls", "gauge", "Calls in progress by state");
        s.callsInProgress().forEach((state, n) -> t.sample("secureta_calls", n, "state", state));
        t.family("secureta_calls_started_total", "counter", "Calls placed (out) and received (in)");
        s.callsStarted().forEach((d, n) -> t.sample("secureta_calls_started_total", n, "direction", d));
        t.family("secureta_calls_connected_total", "counter", "Calls answered, by direction");
        s.callsConnected().forEach((d, n) -> t.sample("secureta_calls_connected_total", n, "direction", d));
        t.family("secureta_calls_ended_total", "counter", "Calls over, by direction and final state (Ended after a conversation or a CANCEL, Failed)");
        s.callsEnded().forEach((o, n) -> t.sample("secureta_calls_ended_total", n, "direction", o.direction(), "state", o.state()));
        t.family("secureta_calls_failed_total", "counter", "Failed calls by the SIP status code of their reason (none: no response, e.g. a timeout)");
        s.callsFailedByCode().forEach((code, n) -> t.sample("secureta_calls_failed_total", n, "code", code));
        t.histogram("secureta_call_setup_seconds", "Set-up time of the calls placed: first INVITE sent to its 2xx received", s.setup());
        t.family("secureta_srtp_packets_total", "counter", "SRTP packets of secure calls, sent and received (accepted)");
        t.sample("secureta_srtp_packets_total", s.srtpPacketsSent(), "direction", "sent");
        t.sample("secureta_srtp_packets_total", s.srtpPacketsReceived(), "direction", "received");
        t.family("secureta_srtp_auth_failures_total", "counter", "SRTP and SRTCP packets that failed authentication (RFC 3711 3.3)");
        t.sample("secureta_srtp_auth_failures_total", s.srtpAuthFailures());
        t.family("secureta_srtp_replays_total", "counter", "SRTP and SRTCP packets refused as replays (RFC 3711 3.3.2)");
        t.sample("secureta_srtp_replays_total", s.srtpReplays());
        if (perLineSeries) {
            t.family("secureta_line_registration_state", "gauge", "1 for each line, labelled with its registration state");
            for (MetricsSnapshot.Row r : s.lineRows()) {
                t.row("secureta_line_registration_state", "line", r);
            }
            t.family("secureta_tls_link_state", "gauge", "1 for each persistent TLS link, labelled with its state");
            for (MetricsSnapshot.Row r : s.linkRows()) {
                t.row("secureta_tls_link_state", "gateway", r);
            }
        }
        return t.out.toString();
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void row(String name, String nameLabel, MetricsSnapshot.Row r) {
        if (r.unit().isEmpty()) {
            sample(name, 1, nameLabel, r.name(), "state", r.state());
        } else {
            sample(name, 1, "unit", r.unit(), nameLabel, r.name(), "state", r.state());
        }
    }

    private void histogram(String name, String help, Histogram h) {
        family(name, "histogram", help);
        double[] bounds = h.bounds();
        long[] cumulative = h.cumulative();
        for (int i = 0; i < bounds.length; i++) {
            sample(name + "_bucket", Long.toString(cumulative[i]), "le", number(bounds[i]));
        }
        sample(name + "_bucket", Long.toString(h.count()), "le", "+Inf");
        sample(name + "_sum", number(h.sum()));
        sample(name + "_count", Long.toString(h.count()));
    }

    private void sample(String name, long value, String... labels) {
        sample(name, Long.toString(value), labels);
    }

    private void sample(String name, String value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    /** A float as Go's ParseFloat reads it: integers without a fraction, others in the shortest form. */
    static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    static String escape(String labelValue) {
        StringBuilder s = new StringBuilder(labelValue.length());
        for (char c : labelValue.toCharArray()) {
            switch (c) {
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case '\n' -> s.append("\\n");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
