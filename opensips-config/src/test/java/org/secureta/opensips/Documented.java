package org.secureta.opensips;

import java.util.Map;
import java.util.Set;

/**
 * What each target's documentation says about every directive the generator writes: which core
 * parameters exist, which module exports each function, and which parameters each module takes.
 * Every entry was looked up in the documentation of that version (module READMEs of the release
 * branches, core parameter lists and cfg.lex of the same branch); docs/opensips-config.md lists
 * the pages. A directive missing here makes {@link ConfigStructureTest} fail, so nothing is
 * emitted unchecked.
 */
final class Documented {

    private Documented() {
    }

    /** What one target documents. */
    record Target(Set<String> coreParameters, Set<String> coreFunctions, Map<String, String> functionModule,
                  Map<String, Set<String>> moduleParameters, Map<String, Set<String>> dependencies) {
    }

    /**
     * Kamailio 5.6: core parameters, https://www.kamailio.org/wiki/cookbooks/5.6.x/core (and src/core/cfg.lex of
     * branch 5.6); modules, https://kamailio.org/docs/modules/5.6.x/modules/MODULE.html.
     */
    static final Target KAMAILIO_5 = new Target(
            Set.of("debug", "log_stderror", "children", "auto_aliases", "disable_tcp", "enable_tls", "listen",
                    "tcp_connection_lifetime", "tcp_keepalive", "tcp_keepidle", "tcp_keepintvl", "tcp_keepcnt", "tcp_crlf_ping"),
            Set.of("route"),
            Map.ofEntries(
                    Map.entry("mf_process_maxfwd_header", "maxfwd"),   // maxfwd 4.2
                    Map.entry("sl_send_reply", "sl"),                  // sl 3.1
                    Map.entry("sl_reply_error", "sl"),                 // sl 3.4
                    Map.entry("has_totag", "siputils"),                // siputils 4.3
                    Map.entry("is_method", "textops"),                 // textops 4.34
                    Map.entry("t_check_trans", "tm"),                  // tm t_check_trans()
                    Map.entry("t_relay", "tm"),                        // tm 4.1
                    Map.entry("loose_route", "rr"),                    // rr loose_route()
                    Map.entry("record_route", "rr"),                   // rr record_route()
                    Map.entry("save", "registrar"),                    // registrar save(domain)
                    Map.entry("lookup", "registrar"),                  // registrar lookup(domain)
                    Map.entry("fix_nated_register", "nathelper"),      // nathelper 5.4
                    Map.entry("pv_auth_check", "auth"),                // auth 4.8 pv_auth_check(realm, passwd, flags, checks)
                    Map.entry("auth_challenge", "auth"),               // auth 4.5 auth_challenge(realm, flags)
                    Map.entry("consume_credentials", "auth")),         // auth 4.1
            Map.of(
                    "tls", Set.of("config", "connection_timeout"),                       // tls 10.30, 10.12
                    "usrloc", Set.of("db_mode", "handle_lost_tcp", "close_expired_tcp"), // usrloc 3.27, 3.40, 3.41
                    "nathelper", Set.of("received_avp"),                                 // nathelper 4.6
                    "registrar", Set.of("received_avp"),                                 // registrar 3.12
                    "ctl", Set.of("binrpc")),                                            // ctl 3.1
            // Each module's "Dependencies" section: the modules that must be loaded (before it).
            Map.of("registrar", Set.of("usrloc"),                                        // registrar 2.1
                    "nathelper", Set.of("usrloc")));                                    // nathelper 2.1 (NAT pinging through usrloc)

    /**
     * OpenSIPS 3.4: core parameters, https://www.opensips.org/Documentation/Script-CoreParameters-3-4 (and cfg.lex of
     * branch 3.4); modules, https://opensips.org/docs/modules/3.4.x/MODULE.html.
     */
    static final Target OPENSIPS_3 = new Target(
            Set.of("log_level", "stderror_enabled", "syslog_enabled", "auto_aliases", "tcp_workers", "socket", "mpath",
                    "tcp_connection_lifetime", "tcp_keepalive", "tcp_keepidle", "tcp_keepinterval", "tcp_keepcount"),
            Set.of("route", "setflag"),
            Map.ofEntries(
                    Map.entry("mf_process_maxfwd_header", "maxfwd"),
                    Map.entry("sl_send_reply", "sl"),
                    Map.entry("sl_reply_error", "sl"),
                    Map.entry("has_totag", "sipmsgops"),
                    Map.entry("is_method", "sipmsgops"),
                    Map.entry("t_check_trans", "tm"),
                    Map.entry("t_relay", "tm"),
                    Map.entry("loose_route", "rr"),
                    Map.entry("record_route", "rr"),
                    Map.entry("save", "registrar"),
                    Map.entry("lookup", "registrar"),
                    Map.entry("fix_nated_register", "nathelper"),
                    Map.entry("pv_www_authorize", "auth"),
                    Map.entry("pv_proxy_authorize", "auth"),
                    Map.entry("www_challenge", "auth"),
                    Map.entry("proxy_challenge", "auth"),
                    Map.entry("consume_credentials", "auth")),
            Map.of(
                    "tls_mgm", Set.of("server_domain", "client_domain", "match_ip_address", "certificate", "private_key",
                            "ca_list", "tls_method", "ciphers_list", "verify_cert", "require_cert"),
                    "proto_tls", Set.of("tls_crlf_pingpong"),
                    "usrloc", Set.of("working_mode_preset"),
                    "registrar", Set.of("tcp_persistent_flag", "received_avp"),
                    "nathelper", Set.of("received_avp"),
                    "auth", Set.of("username_spec", "password_spec", "calculate_ha1"),
                    "mi_fifo", Set.of("fifo_name", "fifo_mode")),
            // Each module's "Dependencies" section (3.4.x), checked by 3.4.18 at start-up ("failed to solve module dependencies").
            Map.of("tls_mgm", Set.of("tls_openssl"),
                    "proto_tls", Set.of("tls_mgm"),
                    "auth", Set.of("signaling"),
                    "registrar", Set.of("signaling", "usrloc"),
                    "nathelper", Set.of("usrloc")));

    /**
     * OpenSIPS 1.11: core and TLS parameters, https://www.opensips.org/Documentation/Script-CoreParameters-1-11 and
     * the TLS tutorial (tls/README of branch 1.11, cfg.lex of the same branch); modules,
     * https://opensips.org/html/docs/modules/1.11.x/MODULE.html.
     */
    static final Target OPENSIPS_1 = new Target(
            Set.of("debug", "log_stderror", "auto_aliases", "children", "mpath", "disable_tls", "listen", "tls_method",
                    "tls_verify_server", "tls_verify_client", "tls_require_client_certificate", "tls_certificate",
                    "tls_private_key", "tls_ca_list", "tcp_connection_lifetime", "tcp_keepalive", "tcp_keepidle",
                    "tcp_keepinterval", "tcp_keepcount", "tcp_crlf_pingpong"),
            Set.of("route", "setflag"),
            Map.ofEntries(
                    Map.entry("mf_process_maxfwd_header", "maxfwd"),
                    Map.entry("sl_send_reply", "sl"),
                    Map.entry("sl_reply_error", "sl"),
                    Map.entry("has_totag", "uri"),
                    Map.entry("is_method", "sipmsgops"),
                    Map.entry("t_check_trans", "tm"),
                    Map.entry("t_relay", "tm"),
                    Map.entry("loose_route", "rr"),
                    Map.entry("record_route", "rr"),
                    Map.entry("save", "registrar"),
                    Map.entry("lookup", "registrar"),
                    Map.entry("fix_nated_register", "nathelper"),
                    Map.entry("pv_www_authorize", "auth"),
                    Map.entry("pv_proxy_authorize", "auth"),
                    Map.entry("www_challenge", "auth"),
                    Map.entry("proxy_challenge", "auth"),
                    Map.entry("consume_credentials", "auth")),
            Map.of(
                    "usrloc", Set.of("db_mode"),
                    "registrar", Set.of("tcp_persistent_flag", "received_avp"),
                    "nathelper", Set.of("received_avp"),
                    "auth", Set.of("username_spec", "password_spec", "calculate_ha1"),
                    "mi_fifo", Set.of("fifo_name", "fifo_mode")),
            // Dependencies sections of the 1.11 READMEs.
            Map.of("auth", Set.of("signaling"),
                    "registrar", Set.of("signaling", "usrloc"),
                    "nathelper", Set.of("usrloc")));

    static Target of(String target) {
        return switch (target) {
            case "kamailio-5" -> KAMAILIO_5;
            case "opensips-3" -> OPENSIPS_3;
            case "opensips-1" -> OPENSIPS_1;
            default -> throw new IllegalArgumentException(target);
        };
    }
}
