package org.secureta.opensips.internal;

import java.util.function.IntFunction;

/**
 * The main request route and the in-dialog route, identical in Kamailio and OpenSIPS scripts but
 * for the main route's name and how a reply code is written.
 */
final class RequestRoutes {

    private RequestRoutes() {
    }

    /**
     * @param mainRoute {@code request_route} (Kamailio) or {@code route} (OpenSIPS)
     * @param code how the dialect writes a reply code ({@code "483"} or {@code 483})
     */
    static void write(Script s, ProxyPlan plan, String mainRoute, IntFunction<String> code) {
        s.line(mainRoute + " {");
        s.line("    if (!mf_process_maxfwd_header(" + code.apply(10) + ")) {");
        s.line("        sl_send_reply(" + code.apply(483) + ", \"Too Many Hops\");");
        s.line("        exit;");
        s.line("    }");
        s.line("    if (has_totag()) {");
        s.line("        route(WITHINDLG);");
        s.line("        exit;");
        s.line("    }");
        s.line("    if (is_method(\"CANCEL\")) {");
        s.line("        if (t_check_trans()) {");
        s.line("            t_relay();");
        s.line("        }");
        s.line("        exit;");
        s.line("    }");
        s.line("    if (is_method(\"REGISTER\")) {");
        s.line("        route(REGISTRAR);");
        s.line("        exit;");
        s.line("    }");
        if (plan.authenticates()) {
            s.line("    route(AUTH);");
        }
        s.line("    # Record-Route (RFC 3261 16.6 step 4) keeps the proxy, and so the units' TLS links, on the dialog's path.");
        s.line("    record_route();");
        s.line("    route(LOCATION);");
        s.line("}");
        s.blank();
        s.line("# In-dialog requests follow the Route set; an ACK without one belongs to a transaction of ours.");
        s.line("route[WITHINDLG] {");
        s.line("    if (loose_route()) {");
        s.line("        route(RELAY);");
        s.line("        exit;");
        s.line("    }");
        s.line("    if (is_method(\"ACK\")) {");
        s.line("        if (t_check_trans()) {");
        s.line("            t_relay();");
        s.line("        }");
        s.line("        exit;");
        s.line("    }");
        s.line("    sl_send_reply(" + code.apply(404) + ", \"Not here\");");
        s.line("}");
        s.blank();
    }
}
