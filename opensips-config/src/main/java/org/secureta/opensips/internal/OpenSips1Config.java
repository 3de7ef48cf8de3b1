package org.secureta.opensips.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * opensips.cfg for OpenSIPS 1.x in the guide's syntax (checked against 1.11, the last 1.x): TLS
 * is part of the core ({@code disable_tls}, {@code listen=tls:...}, global {@code tls_*}
 * parameters). tcp_keepalive* need 1.8 and TLSv1_2 needs 1.11.
 */
public final class OpenSips1Config {

    public static final String MAIN_FILE = "opensips.cfg";

    private OpenSips1Config() {
    }

    /** Why this target is written but not run by our tests (and maybe not on the operator's machine). */
    public static final String CANNOT_RUN_HERE = "opensips-1: OpenSIPS 1.x builds only against OpenSSL 1.0, which current distributions"
            + " (Debian 12, Ubuntu 22.04 and later) no longer ship, so this configuration is checked for structure only and was not run;"
            + " use --target opensips-3 for OpenSIPS 3.2 or later";

    /**
     * @param modules where the OpenSIPS modules are ({@code mpath})
     * @param outDir  the folder the configuration is written to: the MI FIFO is created there
     */
    public static GeneratedConfig render(ProxyPlan plan, ModulePath modules, java.nio.file.Path outDir) {
        List<String> warnings = new ArrayList<>();
        warnings.add(CANNOT_RUN_HERE);
        String method;
        String methodReason;
        if (plan.tls().minimum().isLegacy()) {
            method = "SSLv23";
            methodReason = "SSLv23: 1.x has no \"this version or newer\" method";
            warnings.add("opensips-1: OpenSIPS 1.x cannot express a minimum TLS version (SipEp.TransportTlsVersion="
                    + plan.tls().requestedMinimum() + " with SecureTA.AllowLegacyTls=Enable): tls_method=TLSv1 (the guide's) pins every"
                    + " link to TLS 1.0 and TLSv1_2 refuses 1.0/1.1; chose SSLv23, which negotiates the highest version both sides"
                    + " have (TLS 1.2 with SecureTA) but also admits SSLv3 from other clients");
        } else {
            method = "TLSv1_2";
            methodReason = "TLSv1_2 (OpenSIPS 1.11; it means TLS 1.2 exactly, which every SecureTA unit offers)";
        }
        Script s = new Script();
        s.comments(Rationale.header(plan, "OpenSIPS 1.x (1.11; the guide's syntax)"));
        s.comment("", "Check it with `opensips -c -f opensips.cfg`; see the bindings with `opensipsctl ul show`.");

        s.section("Global parameters");
        s.line("debug=3");
        s.line("log_stderror=no");
        s.comment("No reverse-DNS aliases: the proxy is the hosts below and nothing else.");
        s.line("auto_aliases=no");
        s.line("children=4");
        s.blank();
        s.comment("TLS is in the 1.x core; only TLS sockets are opened.");
        s.line("disable_tls=no");
        for (ServerAddress a : plan.listens()) {
            s.line("listen=tls:" + a.socket());
        }
        s.blank();
        s.comments(Rationale.tlsVersion(plan, "tls_method=" + methodReason));
        s.line("tls_method=" + method);
        s.blank();
        s.comments(Rationale.serverVerification(plan));
        s.line("tls_verify_server=" + (plan.tls().verifyServers() ? 1 : 0));
        s.comments(Rationale.clientVerification(plan));
        s.comment("(Both tls_verify_client and tls_require_client_certificate default to 1: written out.)");
        s.line("tls_verify_client=" + (plan.tls().verifyClients() ? 1 : 0));
        s.line("tls_require_client_certificate=" + (plan.tls().verifyClients() ? 1 : 0));
        s.line("tls_certificate=" + Script.quote(plan.certificates().certificate().toString()));
        s.line("tls_private_key=" + Script.quote(plan.certificates().privateKey().toString()));
        s.comment("The guide left tls_ca_list commented out: without it no client or server certificate can be verified.");
        s.line("tls_ca_list=" + Script.quote(plan.certificates().caList().toString()));
        s.blank();
        s.comments(Rationale.lifetime("tcp_connection_lifetime", plan.connectionLifetime(), true));
        s.line("tcp_connection_lifetime=" + plan.connectionLifetime());
        s.blank();
        s.comments(Rationale.keepalive(plan, "tcp_crlf_pingpong"));
        s.line("tcp_keepalive=1");
        s.line("tcp_keepidle=60");
        s.line("tcp_keepinterval=10");
        s.line("tcp_keepcount=3");
        s.line("tcp_crlf_pingpong=1");

        s.section("Modules");
        s.comment("The directory loadmodule looks in; from " + modules.origin() + ".");
        s.line("mpath=" + Script.quote(modules.scriptValue()));
        s.comment("signaling first: auth and registrar send their replies through it (their Dependencies sections).");
        for (String module : modules(plan)) {
            s.line("loadmodule \"" + module + ".so\"");
        }
        s.blank();
        s.comment("The management interface on a FIFO in this folder, owner-only.");
        s.line("modparam(\"mi_fifo\", \"fifo_name\", " + Script.quote(outDir.toAbsolutePath().normalize().resolve(OpenSips3Config.FIFO_FILE).toString()) + ")");
        s.line("modparam(\"mi_fifo\", \"fifo_mode\", 0600)");
        s.blank();
        s.comments(Rationale.registration(plan));
        s.line("modparam(\"usrloc\", \"db_mode\", 0)");
        s.comment("The flag save() looks at: a REGISTER over TLS with it set keeps its link open as long as the binding.");
        s.line("modparam(\"registrar\", \"tcp_persistent_flag\", " + OpenSipsRouting.V1.persistentFlag() + ")");
        s.line("modparam(\"registrar\", \"received_avp\", \"$avp(received)\")");
        s.line("modparam(\"nathelper\", \"received_avp\", \"$avp(received)\")");
        if (plan.authenticates()) {
            s.line("modparam(\"auth\", \"username_spec\", \"$var(username)\")");
            s.line("modparam(\"auth\", \"password_spec\", \"$var(password)\")");
            s.comment("password_spec holds the plaintext password: calculate_ha1 makes auth compute HA1 from it.");
            s.line("modparam(\"auth\", \"calculate_ha1\", 1)");
        }

        s.section("Routing");
        OpenSipsRouting.write(s, plan, OpenSipsRouting.V1);
        return new GeneratedConfig(Map.of(MAIN_FILE, s.toString()), GeneratedConfig.secretWhen(plan.authenticates(), MAIN_FILE), warnings);
    }

    private static List<String> modules(ProxyPlan plan) {
        List<String> modules = new ArrayList<>(List.of("signaling", "sl", "tm", "rr", "maxfwd", "uri", "sipmsgops", "usrloc", "registrar",
                "nathelper"));
        if (plan.authenticates()) {
            modules.add("auth");
        }
        modules.add("mi_fifo");
        return modules;
    }
}
