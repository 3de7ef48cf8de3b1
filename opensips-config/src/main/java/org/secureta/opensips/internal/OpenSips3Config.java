package org.secureta.opensips.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * opensips.cfg for OpenSIPS 3.2 and later (checked against the 3.4 LTS documentation): TLS
 * through tls_openssl, tls_mgm and proto_tls, with a named server domain for the units'
 * connections and a client domain for the proxy's own.
 */
public final class OpenSips3Config {

    public static final String MAIN_FILE = "opensips.cfg";
    static final String SERVER_DOMAIN = "units";
    static final String CLIENT_DOMAIN = "to_units";

    private OpenSips3Config() {
    }

    /** The FIFO file the mi_fifo module creates, in the output folder (not a shared /tmp name). */
    public static final String FIFO_FILE = "opensips_fifo";

    /**
     * @param modules where the OpenSIPS modules are ({@code mpath})
     * @param outDir  the folder the configuration is written to: the MI FIFO is created there
     */
    public static GeneratedConfig render(ProxyPlan plan, ModulePath modules, java.nio.file.Path outDir) {
        List<String> warnings = new ArrayList<>();
        String method;
        switch (plan.tls().minimum()) {
            case TLS_1_2 -> method = "TLSv1_2-";
            case TLS_1_1 -> {
                method = "TLSv1-";
                warnings.add("opensips-3: tls_mgm has no TLSv1_1 method; SipEp.TransportTlsVersion=TLSv1_1 with SecureTA.AllowLegacyTls=Enable"
                        + " is written as TLSv1- (which also admits TLS 1.0) with ciphers_list " + KamailioConfig.LEGACY_CIPHERS
                        + ", since OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; that also admits weak keys and SHA-1"
                        + " signatures on every link");
            }
            default -> {
                method = "TLSv1-";
                warnings.add("opensips-3: TLSv1- (SipEp.TransportTlsVersion=TLSv1 with SecureTA.AllowLegacyTls=Enable) needs ciphers_list "
                        + KamailioConfig.LEGACY_CIPHERS + " with OpenSSL 3, which refuses TLS 1.0/1.1 at its default security level;"
                        + " chose that, and it also admits weak keys and SHA-1 signatures on every link. Use TransportTlsVersion=TLSv1_2"
                        + " unless a unit really needs legacy TLS");
            }
        }
        Script s = new Script();
        s.comments(Rationale.header(plan, "OpenSIPS 3.x (3.2 or later)"));
        Path fifo = outDir.toAbsolutePath().normalize().resolve(FIFO_FILE);
        s.comment("", "Check it with `opensips -C -f opensips.cfg`, run it in the foreground with `opensips -F -f opensips.cfg`;",
                "see the bindings with `opensips-cli -o fifo_file=" + fifo + " -x mi ul_dump`.");

        s.section("Global parameters");
        s.line("log_level=3");
        s.comment("Log to standard error (3.x has no -E option any more) and to syslog.");
        s.line("stderror_enabled=yes");
        s.line("syslog_enabled=yes");
        s.comment("No reverse-DNS aliases: the proxy is the hosts below and nothing else.");
        s.line("auto_aliases=no");
        s.line("tcp_workers=4");
        s.blank();
        s.comment("TLS sockets only (proto_tls).");
        for (ServerAddress a : plan.listens()) {
            s.line("socket=tls:" + a.socket());
        }
        s.blank();
        s.comments(Rationale.lifetime("tcp_connection_lifetime", plan.connectionLifetime(), true));
        s.line("tcp_connection_lifetime=" + plan.connectionLifetime());
        s.blank();
        s.comments(Rationale.keepalive(plan, "proto_tls's tls_crlf_pingpong"));
        s.line("tcp_keepalive=1");
        s.line("tcp_keepidle=60");
        s.line("tcp_keepinterval=10");
        s.line("tcp_keepcount=3");

        s.section("Modules");
        s.comment("OpenSIPS 3.x has no module directory of its own: without mpath every loadmodule fails.",
                "From " + modules.origin() + "; regenerate with --module-path DIR for another installation.");
        s.line("mpath=" + Script.quote(modules.scriptValue()));
        s.comment("Each module after those its documentation names as dependencies (\"Dependencies\" in each",
                "module's README; OpenSIPS refuses to start otherwise): the TLS library, then tls_mgm, then",
                "proto_tls; signaling before auth and registrar; usrloc before registrar and nathelper.");
        for (String module : modules(plan)) {
            s.line("loadmodule \"" + module + ".so\"");
        }
        s.blank();
        s.comments(Rationale.tlsVersion(plan, "tls_method " + method
                + (plan.tls().minimum().isLegacy() ? " with ciphers_list " + KamailioConfig.LEGACY_CIPHERS + " (OpenSSL 3 needs it for TLS 1.0/1.1)" : "")));
        s.comment("The OpenSSL default cipher list holds the unit's CS1, CS2 and CS3 suites, so it is not narrowed.");
        s.comment("The units send no SNI, so the domains match on the socket (match_sip_domain stays '*').");
        s.blank();
        s.comment("Server domain: the units connect here.");
        s.comments(Rationale.clientVerification(plan));
        domain(s, plan, "server_domain", SERVER_DOMAIN, serverMatch(plan), method, plan.tls().verifyClients());
        s.blank();
        s.comment("Client domain: connections the proxy opens.");
        s.comments(Rationale.serverVerification(plan));
        domain(s, plan, "client_domain", CLIENT_DOMAIN, "*", method, plan.tls().verifyServers());
        s.blank();
        s.line("modparam(\"proto_tls\", \"tls_crlf_pingpong\", 1)");
        s.blank();
        s.comments(Rationale.registration(plan));
        s.line("modparam(\"usrloc\", \"working_mode_preset\", \"single-instance-no-db\")");
        s.comment("The flag save() looks at: a REGISTER over TLS with it set keeps its link open as long as the binding.");
        s.line("modparam(\"registrar\", \"tcp_persistent_flag\", \"" + OpenSipsRouting.V3.persistentFlag() + "\")");
        s.line("modparam(\"registrar\", \"received_avp\", \"$avp(received)\")");
        s.line("modparam(\"nathelper\", \"received_avp\", \"$avp(received)\")");
        if (plan.authenticates()) {
            s.line("modparam(\"auth\", \"username_spec\", \"$var(username)\")");
            s.line("modparam(\"auth\", \"password_spec\", \"$var(password)\")");
            s.comment("password_spec holds the plaintext password from the profile: calculate_ha1 makes auth compute",
                    "HA1 from it (with 0, the default, it is taken as an HA1 hash and every REGISTER gets 401).");
            s.line("modparam(\"auth\", \"calculate_ha1\", 1)");
        }
        s.comment("The management interface (ul_dump, list_tcp_conns) on a FIFO in this folder, owner-only.");
        s.line("modparam(\"mi_fifo\", \"fifo_name\", " + Script.quote(fifo.toString()) + ")");
        s.line("modparam(\"mi_fifo\", \"fifo_mode\", 0600)");

        s.section("Routing");
        OpenSipsRouting.write(s, plan, OpenSipsRouting.V3);
        return new GeneratedConfig(Map.of(MAIN_FILE, s.toString()), GeneratedConfig.secretWhen(plan.authenticates(), MAIN_FILE), warnings);
    }

    /** match_ip_address takes addresses; a listener given by name (or IPv6) is matched by '*'. */
    private static String serverMatch(ProxyPlan plan) {
        if (plan.listens().stream().allMatch(a -> a.isIpLiteral() && !a.isIpv6())) {
            return String.join(", ", plan.listens().stream().map(ServerAddress::socket).toList());
        }
        return "*";
    }

    private static void domain(Script s, ProxyPlan plan, String kind, String name, String match, String method, boolean verify) {
        String p = "[" + name + "]";
        s.line("modparam(\"tls_mgm\", \"" + kind + "\", \"" + name + "\")");
        s.line("modparam(\"tls_mgm\", \"match_ip_address\", \"" + p + match + "\")");
        s.line("modparam(\"tls_mgm\", \"certificate\", " + Script.quote(p + plan.certificates().certificate()) + ")");
        s.line("modparam(\"tls_mgm\", \"private_key\", " + Script.quote(p + plan.certificates().privateKey()) + ")");
        s.line("modparam(\"tls_mgm\", \"ca_list\", " + Script.quote(p + plan.certificates().caList()) + ")");
        s.line("modparam(\"tls_mgm\", \"tls_method\", \"" + p + method + "\")");
        if (plan.tls().minimum().isLegacy()) {
            s.line("modparam(\"tls_mgm\", \"ciphers_list\", \"" + p + KamailioConfig.LEGACY_CIPHERS + "\")");
        }
        s.line("modparam(\"tls_mgm\", \"verify_cert\", \"" + p + (verify ? 1 : 0) + "\")");
        // require_cert only means something for server domains (tls_mgm documentation).
        if (kind.equals("server_domain")) {
            s.line("modparam(\"tls_mgm\", \"require_cert\", \"" + p + (verify ? 1 : 0) + "\")");
        }
    }

    static List<String> modules(ProxyPlan plan) {
        List<String> modules = new ArrayList<>(List.of("tls_openssl", "tls_mgm", "proto_tls", "signaling", "sl", "tm", "rr", "maxfwd",
                "sipmsgops", "usrloc", "registrar", "nathelper"));
        if (plan.authenticates()) {
            modules.add("auth");
        }
        modules.add("mi_fifo");
        return modules;
    }
}
