package org.secureta.transport.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateKitTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static CertificateKit kit;
    private static IssuedCertificate ca;

    @BeforeAll
    static void createAuthority() throws Exception {
        kit = new CertificateKit(CLOCK);
        ca = kit.certificateAuthority("SecureTA Test CA");
    }

    @Test
    void certificateAuthorityIsSelfSignedWithCriticalCaFlagAndCertSignKeyUsage() throws Exception {
        X509Certificate certificate = ca.certificate();
        certificate.verify(certificate.getPublicKey());
        assertEquals("CN=SecureTA Test CA", Certificates.subject(certificate));
        assertTrue(Certificates.isSelfIssued(certificate));
        assertTrue(certificate.getBasicConstraints() >= 0, "CA:true");
        assertTrue(certificate.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")),
                "basicConstraints and keyUsage are critical");
        boolean[] usage = certificate.getKeyUsage();
        assertTrue(usage[5], "keyCertSign");
        assertTrue(usage[6], "cRLSign");
        assertFalse(usage[0], "no digitalSignature on a CA");
        assertEquals(List.of(certificate), ca.chain());
    }

    @Test
    void serverCertificateCarriesDnsAndIpSansAndServerAuthOnly() throws Exception {
        IssuedCertificate server = kit.server("proxy.example", ca, "proxy.example", "127.0.0.1", "::1");
        X509Certificate certificate = server.certificate();
        certificate.verify(ca.certificate().getPublicKey());
        assertEquals(-1, certificate.getBasicConstraints(), "CA:false");
        assertEquals(List.of(SERVER_AUTH), certificate.getExtendedKeyUsage());
        assertEquals(Set.of(List.of(2, "proxy.example"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1")),
                Set.copyOf(certificate.getSubjectAlternativeNames()));
        assertTrue(certificate.getKeyUsage()[0] && certificate.getKeyUsage()[2], "digitalSignature and keyEncipherment for RSA");
        assertEquals(List.of(server.certificate(), ca.certificate()), server.chain());
        assertEquals(List.of(ca.certificate(), server.certificate()), server.chainRootFirst());
    }

    @Test
    void serverWithoutExplicitSansUsesItsCommonNameAsSan() throws Exception {
        IssuedCertificate server = kit.server("sip.example", ca);
        assertEquals(Set.of(List.of(2, "sip.example")), Set.copyOf(server.certificate().getSubjectAlternativeNames()));
    }

    @Test
    void hostCertificateIsNamedAfterTheUnitAndServesBothTlsRoles() throws Exception {
        IssuedCertificate host = kit.host("ta7102-lab-1", ca, "192.0.2.30");
        assertEquals("CN=ta7102-lab-1", host.subject());
        assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), host.certificate().getExtendedKeyUsage());
        assertEquals(Set.of(List.of(7, "192.0.2.30")), Set.copyOf(host.certificate().getSubjectAlternativeNames()));
    }

    @Test
    void validityIsWhatWasAskedFor() throws Exception {
        Validity expired = Validity.expiredSince(CLOCK, Duration.ofDays(2));
        IssuedCertificate old = kit.issue(CertificateSpec.server("old.example").withValidity(expired), ca);
        assertEquals(expired.notAfter(), old.certificate().getNotAfter().toInstant());
        assertEquals(expired.notBefore(), old.certificate().getNotBefore().toInstant());
        assertTrue(old.certificate().getNotAfter().toInstant().isBefore(NOW));

        IssuedCertificate future = kit.issue(CertificateSpec.server("new.example").withValidity(Validity.startingIn(CLOCK, Duration.ofDays(3))), ca);
        assertEquals(NOW.plus(Duration.ofDays(3)), future.certificate().getNotBefore().toInstant());
    }

    @Test
    void defaultValidityStartsAnHourBeforeTheKitClockAndLastsAYear() throws Exception {
        X509Certificate certificate = kit.server("default.example", ca).certificate();
        assertEquals(NOW.minus(Duration.ofHours(1)), certificate.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(365)), certificate.getNotAfter().toInstant());
    }

    @Test
    void keyTypeIsRsa2048ByDefaultOrEcP256OnRequest() throws Exception {
        IssuedCertificate rsa = kit.server("rsa.example", ca);
        assertEquals(2048, ((RSAPublicKey) rsa.certificate().getPublicKey()).getModulus().bitLength());

        IssuedCertificate ecCa = kit.selfSigned(CertificateSpec.certificateAuthority("EC CA").withKeyType(KeyType.EC_P256));
        IssuedCertificate ec = kit.issue(CertificateSpec.server("ec.example").withKeyType(KeyType.EC_P256), ecCa);
        ECPublicKey key = (ECPublicKey) ec.certificate().getPublicKey();
        assertEquals(256, key.getParams().getOrder().bitLength());
        assertEquals("SHA256withECDSA", ec.certificate().getSigAlgName());
        assertFalse(ec.certificate().getKeyUsage()[2], "no keyEncipherment for an EC key");
        ec.certificate().verify(ecCa.certificate().getPublicKey());
    }

    @Test
    void intermediateAuthorityExtendsTheChain() throws Exception {
        IssuedCertificate intermediate = kit.issue(CertificateSpec.certificateAuthority("Intermediate CA"), ca);
        IssuedCertificate leaf = kit.server("deep.example", intermediate);
        assertEquals(List.of(leaf.certificate(), intermediate.certificate(), ca.certificate()), leaf.chain());
        assertEquals(ca.certificate(), leaf.root());
    }

    @Test
    void badSignatureCertificateParsesButDoesNotVerify() throws Exception {
        IssuedCertificate good = kit.server("tampered.example", ca);
        IssuedCertificate bad = CertificateKit.withBadSignature(good);
        assertEquals(good.certificate().getSubjectX500Principal(), bad.certificate().getSubjectX500Principal());
        assertArrayEquals(good.certificate().getTBSCertificate(), bad.certificate().getTBSCertificate());
        assertThrows(SignatureException.class, () -> bad.certificate().verify(ca.certificate().getPublicKey()));
    }

    @Test
    void selfSignedLeafIsItsOwnIssuerButNotACa() throws Exception {
        IssuedCertificate leaf = kit.selfSigned(CertificateSpec.server("lonely.example"));
        leaf.certificate().verify(leaf.certificate().getPublicKey());
        assertEquals(-1, leaf.certificate().getBasicConstraints());
        assertTrue(Certificates.isSelfIssued(leaf.certificate()));
    }

    @Test
    void issuingWithALeafAsIssuerIsRefused() throws Exception {
        IssuedCertificate leaf = kit.server("leaf.example", ca);
        PkiException e = assertThrows(PkiException.class, () -> kit.server("child.example", leaf));
        assertTrue(e.getMessage().contains("not a certificate authority"), e.getMessage());
    }

    @Test
    void toStringNeverShowsThePrivateKey() throws Exception {
        IssuedCertificate server = kit.server("secret.example", ca);
        String text = server.toString();
        String keyBase64 = Base64.getEncoder().encodeToString(server.privateKey().getEncoded());
        assertFalse(text.contains(keyBase64.substring(40, 80)));
        assertFalse(text.toLowerCase().contains("private exponent"));
        assertTrue(text.contains("CN=secret.example"));
        assertTrue(text.contains("hidden"));
    }

    @Test
    void serialNumbersArePositiveAndDistinct() throws Exception {
        X509Certificate a = kit.server("a.example", ca).certificate();
        X509Certificate b = kit.server("b.example", ca).certificate();
        assertTrue(a.getSerialNumber().signum() > 0);
        assertFalse(a.getSerialNumber().equals(b.getSerialNumber()));
        assertTrue(a.getSerialNumber().toByteArray().length <= 20, "RFC 5280 4.1.2.2: at most 20 octets");
    }
}
