package org.secureta.opensips.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a proxy must be to serve the units of one profile, independent of the proxy's syntax.
 *
 * @param source              the profile's file name, for comments
 * @param listens             TLS sockets: the registrar and home-domain proxy hosts of the gateways
 * @param realm               the realm challenged in when a line's row sets none
 * @param users               digest credentials; empty means no digest authentication
 * @param tls                 protocol versions and certificate checks
 * @param certificates        the proxy's certificate, private key and trusted CA list
 * @param connectionLifetime  seconds an idle TLS link is kept (the guide's annex problem)
 * @param unitKeepAlive       the unit's CRLF keep-alive interval (SecureTA.TlsKeepAliveInterval), 0: none
 * @param contactHasTransport whether the unit's REGISTER Contact carries transport=tls (TransportConfig RegistrationEnable)
 * @param notes               what the planner decided that an operator must know (already worded)
 */
public record ProxyPlan(String source, List<ServerAddress> listens, String realm, List<DigestUser> users, TlsPlan tls,
                        CertificateFiles certificates, int connectionLifetime, int unitKeepAlive,
                        boolean contactHasTransport, List<String> notes) {

    public ProxyPlan {
        Objects.requireNonNull(source, "source");
        listens = List.copyOf(listens);
        Objects.requireNonNull(realm, "realm");
        users = List.copyOf(users);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(certificates, "certificates");
        notes = List.copyOf(notes);
        if (listens.isEmpty()) {
            throw new IllegalArgumentException("a proxy plan needs at least one listening socket");
        }
    }

    public boolean authenticates() {
        return !users.isEmpty();
    }

    /** Digest user names, each once (lines may share credentials). */
    public List<String> authUsernames() {
        return users.stream().map(DigestUser::authUsername).distinct().toList();
    }

    /** The password of a digest user (the planner refuses two passwords for one user). */
    public String passwordOf(String authUsername) {
        return users.stream().filter(u -> u.authUsername().equals(authUsername)).findFirst().orElseThrow().password();
    }

    /** Whether some line is challenged in a realm other than the default one. */
    public boolean hasPerLineRealms() {
        return users.stream().anyMatch(u -> !u.realm().equals(realm));
    }

    /**
     * @param requestedMinimum  SipEp.TransportTlsVersion as written
     * @param minimum           the lowest version the unit really accepts (see ProxyPlanner)
     * @param legacyAllowed     SecureTA.AllowLegacyTls=Enable
     * @param cipherSuite       SipEp.TransportTlsCipherSuite
     * @param verifyClients     request and require client certificates (units present Host certificates)
     * @param verifyServers     check the certificate of a unit the proxy connects to
     * @param validation        SipEp.InteropTlsCertificateValidation, for comments
     */
    public record TlsPlan(String requestedMinimum, TlsMinimum minimum, boolean legacyAllowed, String cipherSuite,
                          boolean verifyClients, boolean verifyServers, String validation) {
    }

    /** The lowest TLS version the proxy should accept. */
    public enum TlsMinimum {
        TLS_1_0, TLS_1_1, TLS_1_2;

        public boolean isLegacy() {
            return this != TLS_1_2;
        }
    }

    /** Absolute paths the generated configuration points at. */
    public record CertificateFiles(Path certificate, Path privateKey, Path caList) {

        public static final String CERTIFICATE = "proxy.crt";
        public static final String PRIVATE_KEY = "proxy.key";
        public static final String CA_LIST = "ca.crt";

        public static CertificateFiles in(Path directory) {
            Path d = directory.toAbsolutePath().normalize();
            return new CertificateFiles(d.resolve(CERTIFICATE), d.resolve(PRIVATE_KEY), d.resolve(CA_LIST));
        }
    }
}
