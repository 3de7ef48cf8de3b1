package org.secureta.opensips.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secureta.opensips.internal.ProxyPlan.TlsMinimum;

/**
 * kamailio.cfg and tls.cfg for Kamailio 5.x (checked against 5.6.3, Debian 12, OpenSSL 3.0). The
 * TLS settings live in tls.cfg ({@code modparam("tls", "config", ...)}), whose
 * {@code [server:default]} profile governs the units' connections and {@code [client:default]}
 * the proxy's own.
 */
public final class KamailioConfig {

    public static final String MAIN_FILE = "kamailio.cfg";
    public static final String TLS_FILE = "tls.cfg";
    /** OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level 1. */
    static final String LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0";

    private KamailioConfig() {
    }

    public static GeneratedConfig render(ProxyPlan plan) {
        List<String> warnings = new ArrayList<>();
        String method = switch (plan.tls().minimum()) {
            case TLS_1_2 -> "TLSv1.2+";
            case TLS_1_1 -> "TLSv1.1+";
            case TLS_1_0 -> "TLSv1+";
        };
        if (plan.tls().minimum().isLegacy()) {
            warnings.add("kamailio-5: " + method + " (SipEp.TransportTlsVersion=" + plan.tls().requestedMinimum()
                    + " with SecureTA.AllowLegacyTls=Enable) needs cipher_list = " + LEGACY_CIPHERS + " with OpenSSL 3,"
                    + " which refuses TLS 1.0/1.1 at its default security level; chose that, and it also admits"
                    + " weak keys and SHA-1 signatures on every link. Use TransportTlsVersion=TLSv1_2 unless a unit really needs legacy TLS");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(MAIN_FILE, main(plan, method));
        files.put(TLS_FILE, tls(plan, method));
        return new GeneratedConfig(files, GeneratedConfig.secretWhen(plan.authenticates(), MAIN_FILE), warnings);
    }

    private static String main(ProxyPlan plan, String method) {
        Script s = new Script();
        s.line("#!KAMAILIO");
        s.comment("");
        s.comments(Rationale.header(plan, "Kamailio 5.x"));
        s.comment("", "Check it with `kamailio -c -f kamailio.cfg`; see the bindings with `kamcmd ul.dump`.");
        s.blank();
        s.comment("kamcmd talks to the ctl module over this socket; override with -A 'CTL_SOCKET=\"unix:/path\"'.");
        s.line("#!ifndef CTL_SOCKET");
        s.line("#!define CTL_SOCKET \"unix:/var/run/kamailio/kamailio_ctl\"");
        s.line("#!endif");

        s.section("Core");
        s.line("debug=2");
        s.line("log_stderror=no");
        s.line("children=4");
        s.comment("Kamailio before 5.8 linked with OpenSSL 3 (Debian 12's 5.6.3, for one) can corrupt its shared memory and",
                "crash when several TCP workers run TLS handshakes at once (kamailio#3791, #3635): there set tcp_children=1",
                "(the lab and fleet proxies of `ta` do), or run 5.8 or later with tls_threads_mode=2.");
        s.comment("No reverse-DNS aliases: the proxy is the hosts below and nothing else.");
        s.line("auto_aliases=no");
        s.blank();
        s.comment("TLS runs on Kamailio's TCP engine, so TCP stays enabled; only tls: sockets are opened.");
        s.line("disable_tcp=no");
        s.line("enable_tls=yes");
        for (ServerAddress a : plan.listens()) {
            s.line("listen=tls:" + a.socket());
        }
        s.blank();
        s.comments(Rationale.lifetime("tcp_connection_lifetime", plan.connectionLifetime(), false));
        s.comment("TLS links have their own first idle timeout (tls connection_timeout, set below to the same).");
        s.line("tcp_connection_lifetime=" + plan.connectionLifetime());
        s.blank();
        s.comments(Rationale.keepalive(plan, "tcp_crlf_ping=yes"));
        s.line("tcp_keepalive=yes");
        s.line("tcp_keepidle=60");
        s.line("tcp_keepintvl=10");
        s.line("tcp_keepcnt=3");
        s.line("tcp_crlf_ping=yes");

        s.section("Modules");
        s.comment("tls first: it must set up OpenSSL before any other module uses it (tls module, Overview).");
        s.line("loadmodule \"tls.so\"");
        for (String module : modules(plan)) {
            s.line("loadmodule \"" + module + ".so\"");
        }
        s.blank();
        s.comment("Certificates, versions and verification are in tls.cfg (path relative to this file).");
        s.line("modparam(\"tls\", \"config\", \"" + TLS_FILE + "\")");
        s.comment("A new TLS link idle since its handshake would otherwise close after 10 min (the default).");
        s.line("modparam(\"tls\", \"connection_timeout\", " + plan.connectionLifetime() + ")");
        s.blank();
        s.comments(Rationale.registration(plan));
        s.comment("handle_lost_tcp: a binding dies with its link (requests are not sent to a link that is gone;",
                "the unit re-registers when it re-establishes it). close_expired_tcp: a link dies with its last",
                "binding, so a link's life follows the registration (OpenSIPS does this with tcp_persistent_flag).");
        s.line("modparam(\"usrloc\", \"db_mode\", 0)");
        s.line("modparam(\"usrloc\", \"handle_lost_tcp\", 1)");
        s.line("modparam(\"usrloc\", \"close_expired_tcp\", 1)");
        s.line("modparam(\"nathelper\", \"received_avp\", \"$avp(RECEIVED)\")");
        s.line("modparam(\"registrar\", \"received_avp\", \"$avp(RECEIVED)\")");
        s.line("modparam(\"ctl\", \"binrpc\", CTL_SOCKET)");

        s.section("Routing");
        RequestRoutes.write(s, plan, "request_route", code -> "\"" + code + "\"");
        s.line("route[REGISTRAR] {");
        if (plan.authenticates()) {
            s.line("    route(AUTH);");
        }
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
        s.line("        sl_send_reply(\"404\", \"Not Found\");");
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
            realmSelection(s, plan);
            s.line("    $var(password) = \"\";");
            for (String authUser : plan.authUsernames()) {
                String password = plan.passwordOf(authUser);
                s.line("    if ($au == " + Script.quote(authUser) + ") {");
                s.line("        $var(password) = " + Script.quote(password) + ";");
                s.line("    }");
            }
            s.line("    if ($var(password) == \"\" || !pv_auth_check(\"$var(realm)\", \"$var(password)\", \"0\", \"0\")) {");
            s.line("        # 401 for REGISTER, 407 otherwise; qop=auth");
            s.line("        auth_challenge(\"$var(realm)\", \"1\");");
            s.line("        exit;");
            s.line("    }");
            s.line("    if (is_method(\"REGISTER\")) {");
            s.line("        $var(user) = $tU;");
            s.line("    } else {");
            s.line("        $var(user) = $fU;");
            s.line("    }");
            s.line("    $var(own) = 0;");
            for (DigestUser u : plan.users()) {
                s.line("    if ($au == " + Script.quote(u.authUsername()) + " && $var(user) == " + Script.quote(u.sipUsername()) + ") {");
                s.line("        $var(own) = 1;");
                s.line("    }");
            }
            s.line("    if ($var(own) == 0) {");
            s.line("        sl_send_reply(\"403\", \"Credentials of another line\");");
            s.line("        exit;");
            s.line("    }");
            s.line("    # The credentials stay here; the next hop does not need them.");
            s.line("    consume_credentials();");
            s.line("}");
        }
        return s.toString();
    }

    private static void realmSelection(Script s, ProxyPlan plan) {
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
    }

    private static List<String> modules(ProxyPlan plan) {
        List<String> modules = new ArrayList<>(List.of("tm", "sl", "rr", "pv", "maxfwd", "textops", "siputils", "usrloc",
                "registrar", "nathelper"));
        if (plan.authenticates()) {
            modules.add("auth");
        }
        modules.add("ctl");
        return modules;
    }

    private static String tls(ProxyPlan plan, String method) {
        Script s = new Script();
        s.comment("Kamailio tls.cfg for the configuration in " + MAIN_FILE + " (generated from " + plan.source() + ").");
        s.comment("Paths are absolute; the private key must be readable by Kamailio only.");
        s.blank();
        s.comments(Rationale.tlsVersion(plan, "method = " + method
                + (plan.tls().minimum().isLegacy() ? " and cipher_list = " + LEGACY_CIPHERS + " (OpenSSL 3 needs it for TLS 1.0/1.1)" : "")));
        s.comment("The OpenSSL default cipher list holds the unit's CS1, CS2 and CS3 suites, so it is not narrowed.");
        s.blank();
        s.comment("The units connect here.");
        s.comments(Rationale.clientVerification(plan));
        s.line("[server:default]");
        s.line("method = " + method);
        s.line("verify_certificate = " + yesNo(plan.tls().verifyClients()));
        s.line("require_certificate = " + yesNo(plan.tls().verifyClients()));
        certificateLines(s, plan);
        s.blank();
        s.comments(Rationale.serverVerification(plan));
        s.line("[client:default]");
        s.line("method = " + method);
        s.line("verify_certificate = " + yesNo(plan.tls().verifyServers()));
        certificateLines(s, plan);
        return s.toString();
    }

    private static void certificateLines(Script s, ProxyPlan plan) {
        s.line("certificate = " + plan.certificates().certificate());
        s.line("private_key = " + plan.certificates().privateKey());
        s.line("ca_list = " + plan.certificates().caList());
        if (plan.tls().minimum() != TlsMinimum.TLS_1_2) {
            s.line("cipher_list = " + LEGACY_CIPHERS);
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
