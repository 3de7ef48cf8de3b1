package org.secureta.opensips.internal;

/**
 * The routing script both OpenSIPS targets share; the dialect covers what changed between 1.x
 * and 3.x: integer reply codes and maxfwd limits (3.x takes typed parameters), the qop argument
 * of the challenge functions ("1" in 1.x, "auth" in 3.x) and named flags (3.x) versus numbered
 * flags (1.x). A 3.x flag name is a string argument: {@code setflag("NAME")}; the bare name of
 * 2.x scripts is a parse error in 3.4.
 */
final class OpenSipsRouting {

    record Dialect(boolean typedParameters, String qop, String persistentFlag) {

        String code(int code) {
            return typedParameters ? Integer.toString(code) : "\"" + code + "\"";
        }

        /** The argument of setflag(): a quoted name in 3.x, a bare number in 1.x. */
        String flagArgument() {
            return typedParameters ? "\"" + persistentFlag + "\"" : persistentFlag;
        }
    }

    static final Dialect V1 = new Dialect(false, "1", "7");
    static final Dialect V3 = new Dialect(true, "auth", "TCP_PERSISTENT");

    private OpenSipsRouting() {
    }

    static void write(Script s, ProxyPlan plan, Dialect d) {
        RequestRoutes.write(s, plan, "route", d::code);
        s.line("route[REGISTRAR] {");
        if (plan.authenticates()) {
            s.line("    route(AUTH);");
        }
        s.line("    # tcp_persistent_flag: the TLS link lives as long as the binding it carries.");
        s.line("    setflag(" + d.flagArgument() + ");");
        s.line("    # Remember the TLS link the REGISTER came over (source address, port and protocol).");
        s.line("    fix_nated_register();");
        s.line("    if (!save(\"location\")) {");
        s.line("        sl_reply_error();");
        s.line("    }");
        s.line("}");
        s.blank();
        s.line("# A request for a registered line goes to the link its REGISTER came over.");
        s.line("route[LOCATION] {");
        s.line("    if (!lookup(\"location\")) {");
        s.line("        sl_send_reply(" + d.code(404) + ", \"Not Found\");");
        s.line("        exit;");
        s.line("    }");
        s.line("    route(RELAY);");
        s.line("}");
        s.blank();
        s.line("route[RELAY] {");
        s.line("    if (!t_relay()) {");
        s.line("        sl_reply_error();");
        s.line("    }");
        s.line("}");
        if (plan.authenticates()) {
            s.blank();
            s.comments(Rationale.authentication(plan));
            s.line("route[AUTH] {");
            s.line("    $var(realm) = " + Script.quote(plan.realm()) + ";");
            if (plan.hasPerLineRealms()) {
                s.line("    # Lines whose SipEp.Authentication row names a realm are challenged in it (chosen by From user).");
                for (DigestUser u : plan.users()) {
                    if (!u.realm().equals(plan.realm())) {
                        s.line("    if ($fU == " + Script.quote(u.sipUsername()) + ") {");
                        s.line("        $var(realm) = " + Script.quote(u.realm()) + ";");
                        s.line("    }");
                    }
                }
            }
            s.line("    # username_spec/password_spec: the credentials pv_*_authorize checks against.");
            s.line("    $var(username) = \"\";");
            s.line("    $var(password) = \"\";");
            for (String authUser : plan.authUsernames()) {
                String password = plan.passwordOf(authUser);
                s.line("    if ($au == " + Script.quote(authUser) + ") {");
                s.line("        $var(username) = " + Script.quote(authUser) + ";");
                s.line("        $var(password) = " + Script.quote(password) + ";");
                s.line("    }");
            }
            s.line("    if (is_method(\"REGISTER\")) {");
            s.line("        if (!pv_www_authorize(\"$var(realm)\")) {");
            s.line("            www_challenge(\"$var(realm)\", \"" + d.qop() + "\");");
            s.line("            exit;");
            s.line("        }");
            s.line("        $var(user) = $tU;");
            s.line("    } else {");
            s.line("        if (!pv_proxy_authorize(\"$var(realm)\")) {");
            s.line("            proxy_challenge(\"$var(realm)\", \"" + d.qop() + "\");");
            s.line("            exit;");
            s.line("        }");
            s.line("        $var(user) = $fU;");
            s.line("    }");
            s.line("    $var(own) = 0;");
            for (DigestUser u : plan.users()) {
                s.line("    if ($au == " + Script.quote(u.authUsername()) + " && $var(user) == " + Script.quote(u.sipUsername()) + ") {");
                s.line("        $var(own) = 1;");
                s.line("    }");
            }
            s.line("    if ($var(own) == 0) {");
            s.line("        sl_send_reply(" + d.code(403) + ", \"Credentials of another line\");");
            s.line("        exit;");
            s.line("    }");
            s.line("    # The credentials stay here; the next hop does not need them.");
            s.line("    consume_credentials();");
            s.line("}");
        }
    }
}
