package org.secureta.provisioning.certs;

import java.util.EnumSet;
import java.util.Set;

/** Cert.HostCertificatesInfo Usage: which TLS role the unit's own certificate serves. */
public enum HostUsage {
    /** Presented when the unit is TLS client and the proxy asks for mutual TLS. */
    TlsClient,
    /** Presented when the unit is TLS server (SipEp.Gateway.SecurePort, unit to unit). */
    TlsServer;

    /**
     * Parses "TlsClient,TlsServer" (the form stored next to a Host certificate, and typed in
     * {@code ta:cert add-host --usage}).
     *
     * @throws IllegalArgumentException naming the value that is not a usage
     */
    public static Set<HostUsage> parseList(String text) {
        Set<HostUsage> usage = EnumSet.noneOf(HostUsage.class);
        for (String part : text.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            try {
                usage.add(valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("usage \"" + name + "\" is not one of TlsClient, TlsServer");
            }
        }
        return usage;
    }

    public static String formatList(Set<HostUsage> usage) {
        return String.join(",", usage.stream().sorted().map(Enum::name).toList());
    }
}
