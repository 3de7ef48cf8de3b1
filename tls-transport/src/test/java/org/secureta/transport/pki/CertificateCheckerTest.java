package org.secureta.transport.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.CertificateValidation;

class CertificateCheckerTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static CertificateKit kit;
    private static IssuedCertificate trustedCa;
    private static IssuedCertificate otherCa;
    private static IssuedCertificate proxy;

    @BeforeAll
    static void createPki() throws Exception {
        kit = new CertificateKit(CLOCK);
        trustedCa = kit.certificateAuthority("Trusted CA");
        otherCa = kit.certificateAuthority("Other CA");
        proxy = kit.server("proxy.example", trustedCa, "proxy.example", "192.0.2.11");
    }

    private static CertificateChecker checker(CertificateValidation level) {
        return new CertificateChecker(level, List.of(trustedCa.certificate()), CLOCK);
    }

    private static Optional<CertificateFailure> hostNameCheck(IssuedCertificate server, String host) {
        return checker(CertificateValidation.HostName).checkServer(server.chain(), ServerIdentity.of(host)).failure();
    }

    @Test
    void goodChainPassesEveryLevel() {
        for (CertificateValidation level : CertificateValidation.values()) {
            CheckResult result = checker(level).checkServer(proxy.chain(), ServerIdentity.of("proxy.example"));
            assertTrue(result.isOk(), level + ": " + result.message());
        }
    }

    @Test
    void noCertificateFailsEvenWithoutValidation() {
        for (CertificateValidation level : CertificateValidation.values()) {
            CheckResult result = checker(level).checkServer(List.of(), ServerIdentity.of("proxy.example"));
            assertEquals(Optional.of(CertificateFailure.NO_CERTIFICATE), result.failure(), level.name());
        }
        assertEquals(Optional.of(CertificateFailure.NO_CERTIFICATE), checker(CertificateValidation.NoValidation).checkClient(List.of()).failure());
    }

    @Test
    void noValidationAcceptsAnyPresentedCertificate() throws Exception {
        IssuedCertificate selfSigned = kit.selfSigned(CertificateSpec.server("anything.example")
                .withValidity(Validity.expiredSince(CLOCK, Duration.ofDays(10))));
        CheckResult result = checker(CertificateValidation.NoValidation).checkServer(selfSigned.chain(), ServerIdentity.of("proxy.example"));
        assertTrue(result.isOk(), result.message());
    }

    @Test
    void leafFromAnotherCaIsUnknownCa() throws Exception {
        IssuedCertificate foreign = kit.server("proxy.example", otherCa);
        CheckResult leafOnly = checker(CertificateValidation.TrustedCertificate).checkServer(List.of(foreign.certificate()), ServerIdentity.of("proxy.example"));
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), leafOnly.failure());
        assertEquals("UNKNOWN_CA: chain check: issuer CN=Other CA of CN=proxy.example is not a trusted CA", leafOnly.message());

        CheckResult withRoot = checker(CertificateValidation.TrustedCertificate).checkServer(foreign.chain(), ServerIdentity.of("proxy.example"));
        assertEquals("UNKNOWN_CA: chain check: self-signed certificate CN=Other CA is not a trusted CA", withRoot.message());
    }

    @Test
    void selfSignedLeafIsUnknownCa() throws Exception {
        IssuedCertificate selfSigned = kit.selfSigned(CertificateSpec.server("proxy.example"));
        CheckResult result = checker(CertificateValidation.TrustedCertificate).checkTrusted(selfSigned.chain());
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), result.failure());
        assertTrue(result.message().contains("self-signed certificate CN=proxy.example"), result.message());
    }

    @Test
    void impostorCaWithTheTrustedCasNameIsUnknownCaNotBadSignature() throws Exception {
        IssuedCertificate impostor = kit.certificateAuthority("Trusted CA");
        IssuedCertificate leaf = kit.server("proxy.example", impostor);
        CheckResult result = checker(CertificateValidation.TrustedCertificate).checkTrusted(List.of(leaf.certificate()));
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), result.failure(), result.message());
    }

    @Test
    void tamperedSignatureIsBadSignature() throws Exception {
        IssuedCertificate tampered = CertificateKit.withBadSignature(proxy);
        CheckResult result = checker(CertificateValidation.HostName).checkServer(tampered.chain(), ServerIdentity.of("proxy.example"));
        assertEquals(Optional.of(CertificateFailure.BAD_SIGNATURE), result.failure());
        assertTrue(result.message().startsWith("BAD_SIGNATURE: signature check: the signature of CN=proxy.example does not verify with the key of CN=Trusted CA"),
                result.message());
    }

    @Test
    void expiredAndNotYetValidAreJudgedByTheSuppliedClock() throws Exception {
        IssuedCertificate expired = kit.issue(CertificateSpec.server("proxy.example")
                .withValidity(Validity.expiredSince(CLOCK, Duration.ofSeconds(1))), trustedCa);
        IssuedCertificate early = kit.issue(CertificateSpec.server("proxy.example")
                .withValidity(Validity.startingIn(CLOCK, Duration.ofMinutes(5))), trustedCa);

        CheckResult old = checker(CertificateValidation.TrustedCertificate).checkTrusted(expired.chain());
        assertEquals(Optional.of(CertificateFailure.EXPIRED), old.failure());
        assertTrue(old.message().startsWith("EXPIRED: validity date check: certificate CN=proxy.example expired on"), old.message());
        assertEquals(Optional.of(CertificateFailure.NOT_YET_VALID), checker(CertificateValidation.TrustedCertificate).checkTrusted(early.chain()).failure());

        // The same certificates are fine for a unit whose clock says otherwise.
        // (The CA itself became valid one hour before NOW.)
        Clock halfAnHourAgo = Clock.offset(CLOCK, Duration.ofMinutes(-30));
        Clock nextWeek = Clock.offset(CLOCK, Duration.ofDays(7));
        assertTrue(new CertificateChecker(CertificateValidation.TrustedCertificate, List.of(trustedCa.certificate()), halfAnHourAgo).checkTrusted(expired.chain()).isOk());
        assertTrue(new CertificateChecker(CertificateValidation.TrustedCertificate, List.of(trustedCa.certificate()), nextWeek).checkTrusted(early.chain()).isOk());
    }

    @Test
    void expiredTrustAnchorMakesTheChainExpired() throws Exception {
        IssuedCertificate oldCa = kit.selfSigned(CertificateSpec.certificateAuthority("Old CA").withValidity(
                Validity.between(NOW.minus(Duration.ofDays(900)), NOW.minus(Duration.ofDays(1)))));
        IssuedCertificate leaf = kit.server("proxy.example", oldCa);
        CheckResult result = new CertificateChecker(CertificateValidation.TrustedCertificate, List.of(oldCa.certificate()), CLOCK).checkTrusted(leaf.chain());
        assertEquals(Optional.of(CertificateFailure.EXPIRED), result.failure());
        assertTrue(result.message().contains("CN=Old CA"), result.message());
    }

    @Test
    void untrustedChainIsReportedAsUnknownCaBeforeItsDates() throws Exception {
        IssuedCertificate expiredForeign = kit.issue(CertificateSpec.server("proxy.example")
                .withValidity(Validity.expiredSince(CLOCK, Duration.ofDays(1))), otherCa);
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), checker(CertificateValidation.TrustedCertificate).checkTrusted(expiredForeign.chain()).failure());
    }

    @Test
    void intermediateSentByThePeerInAnyOrderCompletesTheChain() throws Exception {
        IssuedCertificate intermediate = kit.issue(CertificateSpec.certificateAuthority("Issuing CA"), trustedCa);
        IssuedCertificate leaf = kit.server("proxy.example", intermediate);
        CertificateChecker checker = checker(CertificateValidation.HostName);
        assertTrue(checker.checkServer(leaf.chain(), ServerIdentity.of("proxy.example")).isOk());
        List<X509Certificate> shuffled = List.of(leaf.certificate(), trustedCa.certificate(), intermediate.certificate());
        assertTrue(checker.checkServer(shuffled, ServerIdentity.of("proxy.example")).isOk());
        // Without the intermediate the unit cannot reach its anchor.
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), checker.checkServer(List.of(leaf.certificate()), ServerIdentity.of("proxy.example")).failure());
    }

    @Test
    void certificateSignedByALeafIsUnknownCa() throws Exception {
        IssuedCertificate signedByLeaf = LeafSigner.sign(proxy, "victim.example", CLOCK);
        CheckResult result = checker(CertificateValidation.TrustedCertificate).checkTrusted(signedByLeaf.chain());
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), result.failure());
        assertTrue(result.message().endsWith("CN=proxy.example signed CN=victim.example but is not a CA (basicConstraints)"), result.message());
    }

    @Test
    void hostNameMatchesDnsSanIpSanOrCommonName() throws Exception {
        assertEquals(Optional.empty(), hostNameCheck(proxy, "proxy.example"));
        assertEquals(Optional.empty(), hostNameCheck(proxy, "PROXY.example."));
        assertEquals(Optional.empty(), hostNameCheck(proxy, "192.0.2.11"));
        assertEquals(Optional.of(CertificateFailure.HOST_MISMATCH), hostNameCheck(proxy, "192.0.2.12"));
        assertEquals(Optional.of(CertificateFailure.HOST_MISMATCH), hostNameCheck(proxy, "other.example"));

        IssuedCertificate cnOnly = kit.issue(CertificateSpec.server("legacy.example").withSubjectAltNames(SubjectAltNames.NONE), trustedCa);
        assertEquals(Optional.empty(), hostNameCheck(cnOnly, "legacy.example"));

        IssuedCertificate wildcard = kit.server("*.sip.example", trustedCa);
        assertEquals(Optional.empty(), hostNameCheck(wildcard, "edge1.sip.example"));
        assertEquals(Optional.of(CertificateFailure.HOST_MISMATCH), hostNameCheck(wildcard, "a.edge1.sip.example"));
        assertEquals(Optional.of(CertificateFailure.HOST_MISMATCH), hostNameCheck(wildcard, "sip.example"));
    }

    @Test
    void hostMismatchMessageNamesWhatTheCertificateCoversAndWhatWasExpected() {
        CheckResult result = checker(CertificateValidation.HostName).checkServer(proxy.chain(), ServerIdentity.of("192.0.2.99"));
        assertEquals("HOST_MISMATCH: HostName check: certificate CN=proxy.example (DNS:proxy.example, IP:192.0.2.11, CN:proxy.example) does not name 192.0.2.99",
                result.message());
    }

    @Test
    void hostNameCheckWithoutAConfiguredHostIsAMismatchNotAPass() {
        CheckResult result = checker(CertificateValidation.HostName).checkServer(proxy.chain(), ServerIdentity.of(" "));
        assertEquals("HOST_MISMATCH: HostName check: no server host is configured to compare CN=proxy.example with", result.message());
    }

    @Test
    void dnsSrvResponseAcceptsTheSrvTargetButHostNameDoesNot() throws Exception {
        IssuedCertificate edge = kit.server("edge1.sip.example", trustedCa);
        ServerIdentity viaSrv = ServerIdentity.of("sip.example").withSrvTargets("edge1.sip.example", "edge2.sip.example");
        assertTrue(checker(CertificateValidation.DnsSrvResponse).checkServer(edge.chain(), viaSrv).isOk());
        assertEquals(Optional.of(CertificateFailure.HOST_MISMATCH), checker(CertificateValidation.HostName).checkServer(edge.chain(), viaSrv).failure());
        assertEquals(Optional.of(CertificateFailure.HOST_MISMATCH),
                checker(CertificateValidation.DnsSrvResponse).checkServer(edge.chain(), ServerIdentity.of("sip.example").withSrvTargets("edge2.sip.example")).failure());
    }

    @Test
    void trustedCertificateLevelIgnoresTheName() {
        assertTrue(checker(CertificateValidation.TrustedCertificate).checkServer(proxy.chain(), ServerIdentity.of("unrelated.example")).isOk());
    }

    @Test
    void clientCertificatesAreCheckedAsTrustedCertificateWhateverTheServerLevel() throws Exception {
        IssuedCertificate unit = kit.host("ta-1", trustedCa, "192.0.2.30");
        IssuedCertificate stranger = kit.host("ta-2", otherCa, "192.0.2.31");
        CertificateChecker hostName = checker(CertificateValidation.HostName);
        assertTrue(hostName.checkClient(unit.chain()).isOk(), "no host name for clients");
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), hostName.checkClient(stranger.chain()).failure());
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), checker(CertificateValidation.NoValidation).checkClient(stranger.chain()).failure());
    }

    @Test
    void aPeerSendingManySameNamedCasCannotMakeThePathSearchExplode() throws Exception {
        // 16 CA certificates that all share one name and key, each able to "issue" every other:
        // without a bound the search would try 16! orderings before giving up.
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair loopKey = generator.generateKeyPair();
        MatrixCertificate.Issued first = MatrixCertificate.ca("Loop CA", loopKey).selfSigned();
        List<X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(MatrixCertificate.server("proxy.example", generator.generateKeyPair(), "proxy.example").issuedBy(first).certificate());
        for (int i = 0; i < PathBuilder.MAX_PRESENTED - 1; i++) {
            MatrixCertificate copy = MatrixCertificate.ca("Loop CA", loopKey);
            copy.authorityKeyIdentifier = false;
            chain.add(copy.issuedBy(first).certificate());
        }
        CheckResult result = checker(CertificateValidation.TrustedCertificate).checkTrusted(chain);
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), result.failure(), result.message());
    }
}
