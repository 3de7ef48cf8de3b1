package org.secureta.opensips.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The proxies a configuration can be written for. */
public enum ProxyTarget {
    /** OpenSIPS 3.2 and later (checked against 3.4 LTS): tls_openssl, tls_mgm, proto_tls. */
    OPENSIPS_3("opensips-3"),
    /** OpenSIPS 1.x, the guide's syntax (checked against 1.11): TLS in the core, tls_* parameters. */
    OPENSIPS_1("opensips-1"),
    /** Kamailio 5.x (checked against 5.6, Debian 12): tls module with a tls.cfg. */
    KAMAILIO_5("kamailio-5");

    private final String name;

    ProxyTarget(String name) {
        this.name = name;
    }

    public String cliName() {
        return name;
    }

    public static Optional<ProxyTarget> parse(String text) {
        return Arrays.stream(values()).filter(t -> t.name.equals(text)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(ProxyTarget::cliName).collect(Collectors.joining(", "));
    }
}
