package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.secureta.transport.CipherSuiteGroup;
import org.secureta.transport.TlsVersion;

class TlsPolicyTest {

    private static Set<String> jdkSuites() throws Exception {
        return new HashSet<>(Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
    }

    @Test
    void theDefaultMinimumTlsV1IsRaisedToTls12WithoutTheLegacyOptInAndSaysSo() throws Exception {
        TlsPolicy policy = TlsPolicy.of(TlsVersion.TLSv1, false, CipherSuiteGroup.CS1, jdkSuites());

        assertEquals(List.of("TLSv1.2"), policy.protocols());
        assertEquals(1, policy.warnings().size());
        assertTrue(policy.warnings().get(0).contains("allowLegacyTls"), policy.warnings().get(0));
    }

    @Test
    void legacyVersionsNeedTheExplicitOptInWhichIsAnnouncedLoudly() throws Exception {
        TlsPolicy policy = TlsPolicy.of(TlsVersion.TLSv1_1, true, CipherSuiteGroup.CS2, jdkSuites());

        assertEquals(List.of("TLSv1.1", "TLSv1.2"), policy.protocols());
        assertTrue(policy.warnings().get(0).startsWith("LEGACY TLS ENABLED"), policy.warnings().get(0));
    }

    @Test
    void sslV3IsRefusedWithTheAllowedValues() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TlsPolicy.of(TlsVersion.SSLv3, true, CipherSuiteGroup.CS1, jdkSuites()));

        assertTrue(error.getMessage().startsWith("tlsVersion SSLv3") && error.getMessage().contains("TLSv1_2"), error.getMessage());
    }

    @Test
    void cs1IsRsaKeyExchangeWithAesCbcOnly() throws Exception {
        TlsPolicy policy = TlsPolicy.of(TlsVersion.TLSv1_2, false, CipherSuiteGroup.CS1, jdkSuites());

        assertTrue(policy.cipherSuites().stream().allMatch(s -> s.startsWith("TLS_RSA_WITH_AES_") && s.contains("_CBC_")),
                policy.cipherSuites().toString());
        assertEquals(List.of("TLSv1.2"), policy.protocols());
    }

    @Test
    void cs2AddsDheRsa() throws Exception {
        TlsPolicy policy = TlsPolicy.of(TlsVersion.TLSv1_2, false, CipherSuiteGroup.CS2, jdkSuites());

        assertTrue(policy.cipherSuites().stream().anyMatch(s -> s.startsWith("TLS_DHE_RSA_WITH_AES_")));
        assertTrue(policy.cipherSuites().containsAll(TlsPolicy.of(TlsVersion.TLSv1_2, false, CipherSuiteGroup.CS1, jdkSuites()).cipherSuites()));
    }

    @Test
    void cs3IsEphemeralGcmAndOffersTls13() throws Exception {
        TlsPolicy policy = TlsPolicy.of(TlsVersion.TLSv1_2, false, CipherSuiteGroup.CS3, jdkSuites());

        assertEquals(List.of("TLSv1.2", "TLSv1.3"), policy.protocols());
        assertTrue(policy.cipherSuites().stream().allMatch(s -> s.contains("GCM")), policy.cipherSuites().toString());
        assertTrue(policy.cipherSuites().stream().noneMatch(s -> s.startsWith("TLS_RSA_")));
    }

    @Test
    void aProviderWithoutAnySuiteOfTheGroupIsAConfigurationError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TlsPolicy.of(TlsVersion.TLSv1_2, false, CipherSuiteGroup.CS1, Set.of("TLS_AES_128_GCM_SHA256")));

        assertTrue(error.getMessage().startsWith("cipherSuite CS1"), error.getMessage());
    }
}
