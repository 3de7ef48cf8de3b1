package org.secureta.transport.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.secureta.transport.CipherSuiteGroup;
import org.secureta.transport.TlsVersion;

/**
 * The protocol versions and cipher suites the unit enables, from SipEp.TransportTlsVersion (the
 * minimum) and SipEp.TransportTlsCipherSuite. The unit offers its highest version: TLS 1.2 with
 * CS1 and CS2 (their RSA key exchange and CBC suites do not exist in TLS 1.3), TLS 1.3 with CS3
 * (all TLS 1.3 suites are AEAD with ephemeral key exchange, which is what CS3 stands for).
 *
 * @param protocols    JSSE protocol names, lowest first
 * @param cipherSuites JSSE suite names, preferred first
 * @param warnings     what an operator must know (legacy versions enabled, minimum raised)
 */
public record TlsPolicy(List<String> protocols, List<String> cipherSuites, List<String> warnings) {

    private static final List<String> CS1 = List.of(
            "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");
    private static final List<String> CS2_EXTRA = List.of(
            "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA");
    private static final List<String> CS3 = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");

    public TlsPolicy {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        warnings = List.copyOf(warnings);
    }

    /** The suites a group stands for, before filtering by what the TLS provider supports. */
    public static List<String> suitesOf(CipherSuiteGroup group) {
        switch (group) {
            case CS1:
                return CS1;
            case CS2:
                List<String> cs2 = new ArrayList<>(CS2_EXTRA);
                cs2.addAll(CS1);
                return List.copyOf(cs2);
            case CS3:
                return CS3;
            default:
                throw new IllegalArgumentException("unknown cipher suite group " + group);
        }
    }

    /**
     * @param minimum        SipEp.TransportTlsVersion
     * @param allowLegacy    explicit opt-in to TLS 1.0 / 1.1
     * @param group          SipEp.TransportTlsCipherSuite
     * @param supportedSuites suites the TLS provider implements
     * @throws IllegalArgumentException naming the variable when the combination cannot work
     */
    public static TlsPolicy of(TlsVersion minimum, boolean allowLegacy, CipherSuiteGroup group, Set<String> supportedSuites) {
        List<String> warnings = new ArrayList<>();
        if (minimum == TlsVersion.SSLv3) {
            throw new IllegalArgumentException("tlsVersion SSLv3 is not supported (broken protocol, RFC 7568);"
                    + " allowed values: TLSv1 or TLSv1_1 (both need allowLegacyTls), TLSv1_2");
        }
        List<String> ladder = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
        String lowest = minimum.jsseName();
        if ((minimum == TlsVersion.TLSv1 || minimum == TlsVersion.TLSv1_1) && !allowLegacy) {
            warnings.add("tlsVersion " + minimum + " raised to TLSv1_2: TLS 1.0/1.1 need allowLegacyTls=true");
            lowest = "TLSv1.2";
        } else if (minimum == TlsVersion.TLSv1 || minimum == TlsVersion.TLSv1_1) {
            warnings.add("LEGACY TLS ENABLED: minimum " + minimum.jsseName() + " (allowLegacyTls=true); the JDK also needs"
                    + " TLSv1/TLSv1.1 removed from jdk.tls.disabledAlgorithms, else those handshakes still fail");
        }
        String highest = group == CipherSuiteGroup.CS3 ? "TLSv1.3" : "TLSv1.2";
        List<String> protocols = new ArrayList<>(ladder.subList(ladder.indexOf(lowest), ladder.indexOf(highest) + 1));
        List<String> suites = new ArrayList<>();
        for (String suite : suitesOf(group)) {
            if (supportedSuites.contains(suite)) {
                suites.add(suite);
            }
        }
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("cipherSuite " + group + ": the TLS provider supports none of "
                    + suitesOf(group));
        }
        return new TlsPolicy(protocols, suites, warnings);
    }

    public String[] protocolArray() {
        return protocols.toArray(new String[0]);
    }

    public String[] cipherSuiteArray() {
        return cipherSuites.toArray(new String[0]);
    }

    @Override
    public String toString() {
        return "protocols " + protocols + ", suites " + Arrays.toString(cipherSuiteArray());
    }
}
