package org.secureta.transport.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.transport.pki.MatrixCertificate.NOW;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.transport.CertificateValidation;
import org.secureta.transport.pki.MatrixCertificate.Issued;

/**
 * The certificate matrix of issue 13: each rule of the unit's checker with cases it accepts and
 * cases it refuses, each with the expected verdict, built with Bouncy Castle on two hierarchies
 * (EC P-256 CAs and RSA 2048 CAs). Every case also goes through
 * {@code openssl verify -x509_strict -purpose sslserver -partial_chain} (with -verify_hostname or
 * -verify_ip where names are checked, -CRLfile -crl_check for revocation) as a second opinion; a
 * case where the unit deliberately differs from OpenSSL names its reason from {@link Difference}.
 * Without the openssl binary the second opinion is skipped with a printed reason.
 */
class CertificateMatrixTest {

    /** Where the unit deliberately gives another verdict than OpenSSL, and why. docs/transport.md lists the same. */
    enum Difference {
        NO_VALIDATION("NoValidation is the unit's lab level: any presented certificate is accepted; OpenSSL has no such mode"),
        WEAK_KEY("the unit refuses RSA under 2048 bits, DSA and curves under 256 bits (CA/B Forum 6.1.5); openssl verify applies no key-size floor unless -auth_level is given"),
        WEAK_SIGNATURE("the unit refuses SHA-1 signatures below the anchor; openssl verify at its default level accepts them"),
        PUBLIC_SUFFIX_WILDCARD("the unit refuses a wildcard directly above a public suffix (*.co.uk, RFC 6125 7.2); OpenSSL has no public suffix list"),
        PARTIAL_WILDCARD("the unit refuses partial wildcards (f*.example.com, RFC 9525 6.3); OpenSSL accepts them unless told otherwise"),
        CA_AS_LEAF("the unit refuses a CA certificate as the server's own certificate; OpenSSL accepts a CA:true leaf for sslserver"),
        SERIAL("the unit refuses serial numbers that are not positive or longer than 20 octets (RFC 5280 4.1.2.2); OpenSSL 3.0 does not check them"),
        ANY_EKU("RFC 5280 4.2.1.12: anyExtendedKeyUsage allows every purpose; OpenSSL requires serverAuth itself");

        final String reason;

        Difference(String reason) {
            this.reason = reason;
        }
    }

    /** One row: what is presented, what the unit trusts and expects, and both verdicts. */
    record Case(String name, List<X509Certificate> chain, List<X509Certificate> anchors, List<X509CRL> crls,
                CertificateValidation level, String host, PeerRole role, Optional<CertificateFailure> expected, Difference difference) {

        boolean opensslAccepts() {
            return difference == null ? expected.isEmpty() : !expected.isEmpty();
        }
    }

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String HOST = "proxy.example.com";
    private static final Map<String, KeyPair> KEYS = new LinkedHashMap<>();
    private static final List<Case> CASES = new ArrayList<>();
    private static final Map<Difference, Integer> DIFFERENCES_SEEN = new LinkedHashMap<>();
    private static int opensslAgreed;
    private static int unitAgreed;

    @TempDir
    static Path folder;

    private static synchronized KeyPair key(String name) throws Exception {
        KeyPair known = KEYS.get(name);
        if (known != null) {
            return known;
        }
        KeyPairGenerator generator;
        switch (name.split("-")[0]) {
            case "rsa2048" -> { generator = KeyPairGenerator.getInstance("RSA"); generator.initialize(2048); }
            case "rsa1024" -> { generator = KeyPairGenerator.getInstance("RSA"); generator.initialize(1024); }
            case "dsa" -> { generator = KeyPairGenerator.getInstance("DSA"); generator.initialize(2048); }
            case "p192" -> { generator = KeyPairGenerator.getInstance("EC", MatrixCertificate.bouncyCastle()); generator.initialize(new ECGenParameterSpec("secp192r1")); }
            case "p384" -> { generator = KeyPairGenerator.getInstance("EC"); generator.initialize(new ECGenParameterSpec("secp384r1")); }
            default -> { generator = KeyPairGenerator.getInstance("EC"); generator.initialize(new ECGenParameterSpec("secp256r1")); }
        }
        KeyPair pair = generator.generateKeyPair();
        KEYS.put(name, pair);
        return pair;
    }

    /** A fresh P-256 key: quick, so every certificate that needs its own key gets one. */
    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** The CA keys and the leaf key of one hierarchy. */
    private record Hierarchy(String name, Issued root, Issued intermediate, String leafKey) {
    }

    private static synchronized List<Case> cases() throws Exception {
        if (!CASES.isEmpty()) {
            return CASES;
        }
        Issued ecRoot = MatrixCertificate.ca("Matrix EC Root", key("p256-root")).selfSigned();
        Issued ecIntermediate = MatrixCertificate.ca("Matrix EC Issuing CA", key("p256-intermediate")).issuedBy(ecRoot);
        Issued rsaRoot = MatrixCertificate.ca("Matrix RSA Root", key("rsa2048-root")).selfSigned();
        Issued rsaIntermediate = MatrixCertificate.ca("Matrix RSA Issuing CA", key("rsa2048-intermediate")).issuedBy(rsaRoot);
        for (Hierarchy h : List.of(new Hierarchy("EC", ecRoot, ecIntermediate, "p256-leaf"),
                new Hierarchy("RSA", rsaRoot, rsaIntermediate, "rsa2048-leaf"))) {
            addCases(h);
        }
        return CASES;
    }

    // ---- the rows -------------------------------------------------------------------------------

    private static MatrixCertificate leaf(Hierarchy h) throws Exception {
        return MatrixCertificate.server(HOST, key(h.leafKey()), HOST).ip("192.0.2.10");
    }

    private static void ok(Hierarchy h, String name, List<X509Certificate> chain) {
        add(h, name, chain, List.of(h.root().certificate()), List.of(), CertificateValidation.HostName, HOST, PeerRole.SERVER, null, null);
    }

    private static void refused(Hierarchy h, String name, List<X509Certificate> chain, CertificateFailure failure) {
        add(h, name, chain, List.of(h.root().certificate()), List.of(), CertificateValidation.HostName, HOST, PeerRole.SERVER, failure, null);
    }

    private static void add(Hierarchy h, String name, List<X509Certificate> chain, List<X509Certificate> anchors, List<X509CRL> crls,
                            CertificateValidation level, String host, PeerRole role, CertificateFailure failure, Difference difference) {
        CASES.add(new Case(h.name() + ": " + name, chain, anchors, crls, level, host, role, Optional.ofNullable(failure), difference));
    }

    private static List<X509Certificate> chain(Issued... certificates) {
        return Stream.of(certificates).map(Issued::certificate).toList();
    }

    private static void addCases(Hierarchy h) throws Exception {
        Issued root = h.root();
        Issued inter = h.intermediate();
        Issued good = leaf(h).issuedBy(inter);

        // Chain building
        ok(h, "leaf and intermediate", chain(good, inter));
        ok(h, "leaf, intermediate and root", chain(good, inter, root));
        ok(h, "certificates in any order (RFC 8446 4.4.2)", List.of(good.certificate(), root.certificate(), inter.certificate()));
        refused(h, "intermediate missing", chain(good), CertificateFailure.UNKNOWN_CA);
        ok(h, "leaf issued by the root itself", chain(leaf(h).issuedBy(root)));
        add(h, "TrustedCertificate ignores the name", chain(good, inter), List.of(root.certificate()), List.of(),
                CertificateValidation.TrustedCertificate, "elsewhere.example.net", PeerRole.SERVER, null, null);
        add(h, "intermediate in the store is an anchor", chain(good), List.of(inter.certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, null, null);
        host(h, "HostName with another host", chain(good, inter), "other.example.com", CertificateFailure.HOST_MISMATCH, null);

        // Validity dates at the unit's clock
        MatrixCertificate expired = leaf(h);
        expired.notAfter = NOW.minusSeconds(60);
        refused(h, "leaf expired a minute ago", chain(expired.issuedBy(inter), inter), CertificateFailure.EXPIRED);
        MatrixCertificate early = leaf(h);
        early.notBefore = NOW.plus(Duration.ofHours(1));
        refused(h, "leaf valid only from next hour", chain(early.issuedBy(inter), inter), CertificateFailure.NOT_YET_VALID);
        MatrixCertificate lastMinute = leaf(h);
        lastMinute.notAfter = NOW.plusSeconds(60);
        ok(h, "leaf valid one more minute", chain(lastMinute.issuedBy(inter), inter));
        MatrixCertificate expiredCa = MatrixCertificate.ca("Matrix Expired CA", ec());
        expiredCa.notAfter = NOW.minus(Duration.ofDays(1));
        Issued oldInter = expiredCa.issuedBy(root);
        refused(h, "intermediate expired", chain(leaf(h).issuedBy(oldInter), oldInter), CertificateFailure.EXPIRED);
        MatrixCertificate earlyCa = MatrixCertificate.ca("Matrix Future CA", ec());
        earlyCa.notBefore = NOW.plus(Duration.ofDays(1));
        Issued futureInter = earlyCa.issuedBy(root);
        refused(h, "intermediate not yet valid", chain(leaf(h).issuedBy(futureInter), futureInter), CertificateFailure.NOT_YET_VALID);
        MatrixCertificate oldRootSpec = MatrixCertificate.ca("Matrix Old Root", ec());
        oldRootSpec.notAfter = NOW.minus(Duration.ofDays(2));
        Issued oldRoot = oldRootSpec.selfSigned();
        add(h, "trust anchor expired", chain(leaf(h).issuedBy(oldRoot)), List.of(oldRoot.certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, CertificateFailure.EXPIRED, null);

        // Signatures
        refused(h, "leaf signature tampered", List.of(MatrixCertificate.withBadSignature(good.certificate()), inter.certificate()),
                CertificateFailure.BAD_SIGNATURE);
        refused(h, "intermediate signature tampered", List.of(good.certificate(), MatrixCertificate.withBadSignature(inter.certificate())),
                CertificateFailure.BAD_SIGNATURE);

        // Unknown issuers
        MatrixCertificate selfSigned = leaf(h);
        selfSigned.authorityKeyIdentifier = false;
        refused(h, "self-signed leaf", chain(selfSigned.selfSigned()), CertificateFailure.UNKNOWN_CA);
        Issued strangerRoot = MatrixCertificate.ca("Matrix Stranger Root", ec()).selfSigned();
        refused(h, "leaf from an untrusted root", chain(leaf(h).issuedBy(strangerRoot), strangerRoot), CertificateFailure.UNKNOWN_CA);
        Issued impostor = MatrixCertificate.ca(Certificates.displayName(inter.certificate().getSubjectX500Principal()), ec()).selfSigned();
        refused(h, "impostor CA with the intermediate's name", chain(leaf(h).issuedBy(impostor), impostor), CertificateFailure.UNKNOWN_CA);

        // basicConstraints (RFC 5280 4.2.1.9, 6.1.4 (k), (l), (m))
        MatrixCertificate notCa = MatrixCertificate.ca("Matrix Not A CA", ec());
        notCa.caPathLength = -1;
        Issued notCaInter = notCa.issuedBy(root);
        refused(h, "issuer with CA:false", chain(leaf(h).issuedBy(notCaInter), notCaInter), CertificateFailure.UNKNOWN_CA);
        MatrixCertificate noBc = MatrixCertificate.ca("Matrix No Basic Constraints", ec());
        noBc.caPathLength = null;
        Issued noBcInter = noBc.issuedBy(root);
        refused(h, "issuer without basicConstraints", chain(leaf(h).issuedBy(noBcInter), noBcInter), CertificateFailure.UNKNOWN_CA);
        for (int pathLength : new int[] {0, 1}) {
            MatrixCertificate upper = MatrixCertificate.ca("Matrix PathLen " + pathLength, ec());
            upper.caPathLength = pathLength;
            Issued upperCa = upper.issuedBy(root);
            Issued lowerCa = MatrixCertificate.ca("Matrix Below PathLen " + pathLength, ec()).issuedBy(upperCa);
            List<X509Certificate> twoIntermediates = chain(leaf(h).issuedBy(lowerCa), lowerCa, upperCa);
            if (pathLength == 0) {
                refused(h, "pathLenConstraint 0 with a CA below", twoIntermediates, CertificateFailure.UNKNOWN_CA);
            } else {
                ok(h, "pathLenConstraint 1 with a CA below", twoIntermediates);
            }
        }
        MatrixCertificate caLeaf = leaf(h);
        caLeaf.caPathLength = -2;
        caLeaf.keyUsage = KeyUsage.digitalSignature | KeyUsage.keyCertSign;
        add(h, "CA certificate as the server's leaf", chain(caLeaf.issuedBy(inter), inter), List.of(root.certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, CertificateFailure.BAD_KEY_USAGE, Difference.CA_AS_LEAF);
        MatrixCertificate noBcLeaf = leaf(h);
        noBcLeaf.caPathLength = null;
        ok(h, "leaf without basicConstraints", chain(noBcLeaf.issuedBy(inter), inter));
        MatrixCertificate softCa = MatrixCertificate.ca("Matrix Non-critical BC", ec());
        softCa.basicConstraintsCritical = false;
        Issued softInter = softCa.issuedBy(root);
        refused(h, "issuer basicConstraints not critical", chain(leaf(h).issuedBy(softInter), softInter), CertificateFailure.MALFORMED);

        // keyUsage (RFC 5280 4.2.1.3)
        MatrixCertificate noSign = MatrixCertificate.ca("Matrix No keyCertSign", ec());
        noSign.keyUsage = KeyUsage.digitalSignature | KeyUsage.cRLSign;
        Issued noSignInter = noSign.issuedBy(root);
        refused(h, "issuer keyUsage without keyCertSign", chain(leaf(h).issuedBy(noSignInter), noSignInter), CertificateFailure.BAD_KEY_USAGE);
        MatrixCertificate noKu = MatrixCertificate.ca("Matrix No keyUsage", ec());
        noKu.keyUsage = null;
        Issued noKuInter = noKu.issuedBy(root);
        refused(h, "issuer without keyUsage", chain(leaf(h).issuedBy(noKuInter), noKuInter), CertificateFailure.MALFORMED);
        MatrixCertificate leafSigner = leaf(h);
        leafSigner.keyUsage = KeyUsage.digitalSignature | KeyUsage.keyCertSign;
        refused(h, "leaf with keyCertSign", chain(leafSigner.issuedBy(inter), inter), CertificateFailure.BAD_KEY_USAGE);
        MatrixCertificate nonRepudiation = leaf(h);
        nonRepudiation.keyUsage = KeyUsage.nonRepudiation;
        refused(h, "leaf keyUsage nonRepudiation only", chain(nonRepudiation.issuedBy(inter), inter), CertificateFailure.BAD_KEY_USAGE);
        MatrixCertificate agreement = leaf(h);
        agreement.keyUsage = KeyUsage.keyAgreement;
        ok(h, "leaf keyUsage keyAgreement", chain(agreement.issuedBy(inter), inter));
        MatrixCertificate encipherment = leaf(h);
        encipherment.keyUsage = KeyUsage.keyEncipherment;
        ok(h, "leaf keyUsage keyEncipherment", chain(encipherment.issuedBy(inter), inter));
        MatrixCertificate noLeafKu = leaf(h);
        noLeafKu.keyUsage = null;
        ok(h, "leaf without keyUsage", chain(noLeafKu.issuedBy(inter), inter));

        // extendedKeyUsage (RFC 5280 4.2.1.12)
        eku(h, "leaf EKU clientAuth only", List.of(KeyPurposeId.id_kp_clientAuth), CertificateFailure.BAD_KEY_USAGE, null);
        eku(h, "leaf EKU empty", List.of(), CertificateFailure.BAD_KEY_USAGE, null);
        eku(h, "leaf EKU anyExtendedKeyUsage", List.of(KeyPurposeId.anyExtendedKeyUsage), null, Difference.ANY_EKU);
        eku(h, "leaf EKU serverAuth and clientAuth", List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth), null, null);
        eku(h, "leaf without EKU", null, null, null);
        eku(h, "leaf EKU codeSigning", List.of(KeyPurposeId.id_kp_codeSigning), CertificateFailure.BAD_KEY_USAGE, null);
        for (KeyPurposeId purpose : List.of(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth)) {
            MatrixCertificate restricted = MatrixCertificate.ca("Matrix EKU CA " + purpose.getId(), ec());
            restricted.extendedKeyUsage = List.of(purpose);
            Issued restrictedInter = restricted.issuedBy(root);
            List<X509Certificate> below = chain(leaf(h).issuedBy(restrictedInter), restrictedInter);
            if (purpose == KeyPurposeId.id_kp_serverAuth) {
                ok(h, "intermediate EKU serverAuth", below);
            } else {
                refused(h, "intermediate EKU clientAuth only", below, CertificateFailure.BAD_KEY_USAGE);
            }
        }
        MatrixCertificate client = MatrixCertificate.server("ta-1.example.com", key(h.leafKey()), "ta-1.example.com");
        client.extendedKeyUsage = List.of(KeyPurposeId.id_kp_clientAuth);
        client.keyUsage = KeyUsage.digitalSignature;
        add(h, "client certificate with clientAuth", chain(client.issuedBy(inter), inter), List.of(root.certificate()), List.of(),
                CertificateValidation.TrustedCertificate, null, PeerRole.CLIENT, null, null);
        add(h, "client certificate with serverAuth only", chain(good, inter), List.of(root.certificate()), List.of(),
                CertificateValidation.TrustedCertificate, null, PeerRole.CLIENT, CertificateFailure.BAD_KEY_USAGE, null);

        // Unknown extensions (RFC 5280 4.2)
        ASN1ObjectIdentifier unknown = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1.1");
        for (boolean critical : new boolean[] {true, false}) {
            MatrixCertificate extended = leaf(h);
            extended.unknownExtension = unknown;
            extended.unknownExtensionCritical = critical;
            if (critical) {
                refused(h, "leaf with an unknown critical extension", chain(extended.issuedBy(inter), inter), CertificateFailure.UNKNOWN_CRITICAL_EXTENSION);
            } else {
                ok(h, "leaf with an unknown non-critical extension", chain(extended.issuedBy(inter), inter));
            }
        }
        MatrixCertificate extendedCa = MatrixCertificate.ca("Matrix Critical Extension CA", ec());
        extendedCa.unknownExtension = unknown;
        extendedCa.unknownExtensionCritical = true;
        Issued extendedInter = extendedCa.issuedBy(root);
        refused(h, "intermediate with an unknown critical extension", chain(leaf(h).issuedBy(extendedInter), extendedInter),
                CertificateFailure.UNKNOWN_CRITICAL_EXTENSION);

        // nameConstraints (RFC 5280 4.2.1.10)
        Issued permitExample = MatrixCertificate.ca("Matrix NC permit example.com", ec()).permitDns("example.com").issuedBy(root);
        ok(h, "DNS SAN inside permitted subtree", chain(leaf(h).issuedBy(permitExample), permitExample));
        MatrixCertificate outside = MatrixCertificate.server("proxy.other.org", key(h.leafKey()), "proxy.other.org");
        add(h, "DNS SAN outside permitted subtree", chain(outside.issuedBy(permitExample), permitExample), List.of(root.certificate()), List.of(),
                CertificateValidation.HostName, "proxy.other.org", PeerRole.SERVER, CertificateFailure.NAME_CONSTRAINTS, null);
        Issued excludeExample = MatrixCertificate.ca("Matrix NC exclude example.com", ec()).excludeDns("example.com").issuedBy(root);
        refused(h, "DNS SAN inside excluded subtree", chain(leaf(h).issuedBy(excludeExample), excludeExample), CertificateFailure.NAME_CONSTRAINTS);
        Issued excludeOther = MatrixCertificate.ca("Matrix NC exclude other.org", ec()).excludeDns("other.org").issuedBy(root);
        ok(h, "DNS SAN outside excluded subtree", chain(leaf(h).issuedBy(excludeOther), excludeOther));
        Issued permitNet = MatrixCertificate.ca("Matrix NC permit 192.0.2.0/24", ec())
                .permitIp(new byte[] {(byte) 192, 0, 2, 0, (byte) 255, (byte) 255, (byte) 255, 0}).issuedBy(root);
        add(h, "IP SAN inside permitted range", chain(leaf(h).issuedBy(permitNet), permitNet), List.of(root.certificate()), List.of(),
                CertificateValidation.HostName, "192.0.2.10", PeerRole.SERVER, null, null);
        Issued permitOtherNet = MatrixCertificate.ca("Matrix NC permit 198.51.100.0/24", ec())
                .permitIp(new byte[] {(byte) 198, 51, 100, 0, (byte) 255, (byte) 255, (byte) 255, 0}).issuedBy(root);
        add(h, "IP SAN outside permitted range", chain(leaf(h).issuedBy(permitOtherNet), permitOtherNet), List.of(root.certificate()), List.of(),
                CertificateValidation.HostName, "192.0.2.10", PeerRole.SERVER, CertificateFailure.NAME_CONSTRAINTS, null);
        MatrixCertificate cnOnlyOutside = MatrixCertificate.server("proxy.other.org", key(h.leafKey()));
        add(h, "CN-only leaf outside permitted subtree", chain(cnOnlyOutside.issuedBy(permitExample), permitExample), List.of(root.certificate()),
                List.of(), CertificateValidation.HostName, "proxy.other.org", PeerRole.SERVER, CertificateFailure.NAME_CONSTRAINTS, null);
        MatrixCertificate cnOnlyInside = MatrixCertificate.server(HOST, key(h.leafKey()));
        ok(h, "CN-only leaf inside permitted subtree", chain(cnOnlyInside.issuedBy(permitExample), permitExample));
        Issued constrainedRoot = MatrixCertificate.ca("Matrix Constrained Root", ec()).permitDns("example.com").selfSigned();
        add(h, "anchor's own name constraints refuse", chain(outside.issuedBy(constrainedRoot)), List.of(constrainedRoot.certificate()), List.of(),
                CertificateValidation.HostName, "proxy.other.org", PeerRole.SERVER, CertificateFailure.NAME_CONSTRAINTS, null);
        add(h, "anchor's own name constraints allow", chain(leaf(h).issuedBy(constrainedRoot)), List.of(constrainedRoot.certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, null, null);

        // Key and signature strength
        weakKey(h, "leaf RSA 1024", "rsa1024-leaf", CertificateFailure.WEAK_KEY);
        weakKey(h, "leaf RSA 2048", "rsa2048-leaf", null);
        weakKey(h, "leaf DSA 2048", "dsa-leaf", CertificateFailure.WEAK_KEY);
        weakKey(h, "leaf EC P-192", "p192-leaf", CertificateFailure.WEAK_KEY);
        weakKey(h, "leaf EC P-384", "p384-leaf", null);
        Issued weakInter = MatrixCertificate.ca("Matrix RSA 1024 CA", key("rsa1024-ca")).issuedBy(root);
        add(h, "intermediate RSA 1024", chain(leaf(h).issuedBy(weakInter), weakInter), List.of(root.certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, CertificateFailure.WEAK_KEY, Difference.WEAK_KEY);
        String family = "RSA".equals(inter.keys().getPrivate().getAlgorithm()) ? "RSA" : "ECDSA";
        MatrixCertificate sha1 = leaf(h);
        sha1.signatureAlgorithm = "SHA1with" + family;
        add(h, "leaf signed with SHA-1", chain(sha1.issuedBy(inter), inter), List.of(root.certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, CertificateFailure.WEAK_KEY, Difference.WEAK_SIGNATURE);
        MatrixCertificate sha384 = leaf(h);
        sha384.signatureAlgorithm = "SHA384with" + family;
        ok(h, "leaf signed with SHA-384", chain(sha384.issuedBy(inter), inter));

        // Serial numbers (RFC 5280 4.1.2.2)
        serial(h, "serial number zero", BigInteger.ZERO, CertificateFailure.MALFORMED);
        serial(h, "negative serial number", BigInteger.valueOf(-4711), CertificateFailure.MALFORMED);
        serial(h, "serial number of 21 octets", BigInteger.ONE.shiftLeft(160).add(BigInteger.ONE), CertificateFailure.MALFORMED);
        serial(h, "serial number of 20 octets", BigInteger.ONE.shiftLeft(158).add(BigInteger.valueOf(7)), null);
        serial(h, "serial number 1", BigInteger.ONE, null);

        // Key identifiers (RFC 5280 4.2.1.1, 4.2.1.2)
        MatrixCertificate noAki = leaf(h);
        noAki.authorityKeyIdentifier = false;
        refused(h, "leaf without authorityKeyIdentifier", chain(noAki.issuedBy(inter), inter), CertificateFailure.MALFORMED);
        MatrixCertificate noSkiCa = MatrixCertificate.ca("Matrix No SKI CA", ec());
        noSkiCa.subjectKeyIdentifier = false;
        Issued noSkiInter = noSkiCa.issuedBy(root);
        refused(h, "intermediate without subjectKeyIdentifier", chain(leaf(h).issuedBy(noSkiInter), noSkiInter), CertificateFailure.MALFORMED);
        MatrixCertificate noSkiLeaf = leaf(h);
        noSkiLeaf.subjectKeyIdentifier = false;
        add(h, "leaf without subjectKeyIdentifier", chain(noSkiLeaf.issuedBy(inter), inter), List.of(root.certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, null, null);

        // Backtracking to another issuer candidate
        KeyPair renewedKey = ec();
        MatrixCertificate oldCopy = MatrixCertificate.ca("Matrix Renewed CA", renewedKey);
        oldCopy.notAfter = NOW.minus(Duration.ofDays(3));
        Issued expiredCopy = oldCopy.issuedBy(root);
        Issued currentCopy = MatrixCertificate.ca("Matrix Renewed CA", renewedKey).issuedBy(root);
        ok(h, "expired copy of the issuer sent first, valid copy second", chain(leaf(h).issuedBy(currentCopy), expiredCopy, currentCopy));
        KeyPair crossKey = ec();
        Issued crossByStranger = MatrixCertificate.ca("Matrix Cross CA", crossKey).issuedBy(strangerRoot);
        Issued crossByRoot = MatrixCertificate.ca("Matrix Cross CA", crossKey).issuedBy(root);
        ok(h, "cross-certificate to an untrusted root sent first", chain(leaf(h).issuedBy(crossByRoot), crossByStranger, strangerRoot, crossByRoot));
        refused(h, "only the cross-certificate to the untrusted root", chain(leaf(h).issuedBy(crossByRoot), crossByStranger, strangerRoot),
                CertificateFailure.UNKNOWN_CA);
        Issued twinA = MatrixCertificate.ca("Matrix Twin CA", ec()).issuedBy(root);
        Issued twinB = MatrixCertificate.ca("Matrix Twin CA", ec()).issuedBy(root);
        ok(h, "same-name CA with another key sent first", chain(leaf(h).issuedBy(twinB), twinA, twinB));

        // Names (RFC 6125 section 6, RFC 5922 7.1)
        host(h, "host name in other case", chain(good, inter), "PROXY.Example.COM", null, null);
        MatrixCertificate cnAndSan = MatrixCertificate.server(HOST, key(h.leafKey()), "other.example.com");
        host(h, "CN ignored when a DNS SAN exists", chain(cnAndSan.issuedBy(inter), inter), HOST, CertificateFailure.HOST_MISMATCH, null);
        host(h, "CN used when no SAN exists", chain(cnOnlyInside.issuedBy(inter), inter), HOST, null, null);
        host(h, "IP address in an iPAddress SAN", chain(good, inter), "192.0.2.10", null, null);
        host(h, "IP address not in the iPAddress SANs", chain(good, inter), "192.0.2.11", CertificateFailure.HOST_MISMATCH, null);
        MatrixCertificate ipAsDns = MatrixCertificate.server(HOST, key(h.leafKey()), "192.0.2.10");
        host(h, "IP address only as a DNS SAN", chain(ipAsDns.issuedBy(inter), inter), "192.0.2.10", CertificateFailure.HOST_MISMATCH, null);
        MatrixCertificate ipCn = MatrixCertificate.server("192.0.2.10", key(h.leafKey()));
        host(h, "IP address only in the CN", chain(ipCn.issuedBy(inter), inter), "192.0.2.10", CertificateFailure.HOST_MISMATCH, null);
        MatrixCertificate v6 = leaf(h).ip("2001:db8::10");
        host(h, "IPv6 address in an iPAddress SAN", chain(v6.issuedBy(inter), inter), "2001:db8::10", null, null);
        wildcard(h, "*.example.com", "edge1.example.com", null, null);
        wildcard(h, "*.example.com", "a.edge1.example.com", CertificateFailure.HOST_MISMATCH, null);
        wildcard(h, "*.example.com", "example.com", CertificateFailure.HOST_MISMATCH, null);
        wildcard(h, "*.co.uk", "example.co.uk", CertificateFailure.HOST_MISMATCH, Difference.PUBLIC_SUFFIX_WILDCARD);
        wildcard(h, "*.com", "example.com", CertificateFailure.HOST_MISMATCH, null);
        wildcard(h, "f*.example.com", "foo.example.com", CertificateFailure.HOST_MISMATCH, Difference.PARTIAL_WILDCARD);
        wildcard(h, "*.example.co.uk", "sip.example.co.uk", null, null);
        wildcard(h, "sip.*.com", "sip.example.com", CertificateFailure.HOST_MISMATCH, null);

        // Revocation from the unit's certs/crl folder (RFC 5280 6.3)
        Issued revokedLeaf = leaf(h).issuedBy(inter);
        X509CRL revoking = crl(inter, revokedLeaf.certificate().getSerialNumber());
        add(h, "leaf listed in its issuer's CRL", chain(revokedLeaf, inter), List.of(root.certificate()), List.of(revoking),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, CertificateFailure.REVOKED, null);
        add(h, "leaf not listed in its issuer's CRL", chain(good, inter), List.of(root.certificate()), List.of(revoking),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, null, null);
        Issued rootLeaf = leaf(h).issuedBy(root);
        add(h, "leaf listed in the root's CRL", chain(rootLeaf), List.of(root.certificate()), List.of(crl(root, rootLeaf.certificate().getSerialNumber())),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, CertificateFailure.REVOKED, null);

        // The NoValidation level
        add(h, "NoValidation accepts a self-signed leaf", chain(selfSigned.selfSigned()), List.of(root.certificate()), List.of(),
                CertificateValidation.NoValidation, HOST, PeerRole.SERVER, null, Difference.NO_VALIDATION);
        add(h, "NoValidation accepts an expired leaf", chain(expired.issuedBy(inter), inter), List.of(root.certificate()), List.of(),
                CertificateValidation.NoValidation, HOST, PeerRole.SERVER, null, Difference.NO_VALIDATION);
    }

    private static void eku(Hierarchy h, String name, List<KeyPurposeId> purposes, CertificateFailure failure, Difference difference) throws Exception {
        MatrixCertificate spec = leaf(h);
        spec.extendedKeyUsage = purposes;
        add(h, name, chain(spec.issuedBy(h.intermediate()), h.intermediate()), List.of(h.root().certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, failure, difference);
    }

    private static void weakKey(Hierarchy h, String name, String keyName, CertificateFailure failure) throws Exception {
        MatrixCertificate spec = MatrixCertificate.server(HOST, key(keyName), HOST);
        spec.keyUsage = keyName.startsWith("rsa") ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
        add(h, name, chain(spec.issuedBy(h.intermediate()), h.intermediate()), List.of(h.root().certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, failure, failure == null ? null : Difference.WEAK_KEY);
    }

    private static void serial(Hierarchy h, String name, BigInteger serial, CertificateFailure failure) throws Exception {
        MatrixCertificate spec = leaf(h);
        spec.serial = serial;
        add(h, name, chain(spec.issuedBy(h.intermediate()), h.intermediate()), List.of(h.root().certificate()), List.of(),
                CertificateValidation.HostName, HOST, PeerRole.SERVER, failure, failure == null ? null : Difference.SERIAL);
    }

    private static void host(Hierarchy h, String name, List<X509Certificate> chain, String host, CertificateFailure failure, Difference difference) {
        add(h, name + " (" + host + ")", chain, List.of(h.root().certificate()), List.of(), CertificateValidation.HostName, host,
                PeerRole.SERVER, failure, difference);
    }

    private static void wildcard(Hierarchy h, String pattern, String host, CertificateFailure failure, Difference difference) throws Exception {
        MatrixCertificate spec = MatrixCertificate.server(pattern, key(h.leafKey()), pattern);
        host(h, "SAN " + pattern, chain(spec.issuedBy(h.intermediate()), h.intermediate()), host, failure, difference);
    }

    private static X509CRL crl(Issued issuer, BigInteger revokedSerial) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                java.util.Date.from(NOW.minus(Duration.ofDays(1))));
        builder.setNextUpdate(java.util.Date.from(NOW.plus(Duration.ofDays(7))));
        builder.addCRLEntry(revokedSerial, java.util.Date.from(NOW.minus(Duration.ofHours(12))), CRLReason.keyCompromise);
        builder.addCRLEntry(BigInteger.valueOf(999_999), java.util.Date.from(NOW.minus(Duration.ofHours(12))), CRLReason.superseded);
        builder.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
        builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.ONE));
        String algorithm = "RSA".equals(issuer.keys().getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder(algorithm).build(issuer.keys().getPrivate())));
    }

    // ---- running the rows -----------------------------------------------------------------------

    private static CheckResult unitVerdict(Case c) {
        CertificateChecker checker = new CertificateChecker(c.level(), c.anchors(), c.crls(), CLOCK);
        if (c.role() == PeerRole.CLIENT) {
            return checker.checkClient(c.chain());
        }
        return checker.checkServer(c.chain(), ServerIdentity.of(c.host() == null ? "" : c.host()));
    }

    private static Optional<Boolean> opensslVerdict(Case c, Path dir) throws Exception {
        if (!OpenSsl.AVAILABLE) {
            return Optional.empty();
        }
        Files.createDirectories(dir);
        Path anchors = write(dir.resolve("anchors.pem"), c.anchors(), List.of());
        Path leaf = write(dir.resolve("leaf.pem"), c.chain().subList(0, 1), List.of());
        List<String> command = new ArrayList<>(List.of("openssl", "verify", "-x509_strict", "-partial_chain",
                "-purpose", c.role() == PeerRole.CLIENT ? "sslclient" : "sslserver",
                "-attime", Long.toString(NOW.getEpochSecond()), "-CAfile", anchors.toString()));
        if (c.chain().size() > 1) {
            command.addAll(List.of("-untrusted", write(dir.resolve("untrusted.pem"), c.chain().subList(1, c.chain().size()), List.of()).toString()));
        }
        boolean namesChecked = c.level() == CertificateValidation.HostName || c.level() == CertificateValidation.DnsSrvResponse;
        if (namesChecked && c.host() != null) {
            command.addAll(IpLiterals.parse(c.host()).isPresent() ? List.of("-verify_ip", c.host()) : List.of("-verify_hostname", c.host()));
        }
        if (!c.crls().isEmpty()) {
            command.addAll(List.of("-CRLfile", write(dir.resolve("crl.pem"), List.of(), c.crls()).toString(), "-crl_check"));
        }
        command.add(leaf.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl verify did not finish");
        Files.writeString(dir.resolve("openssl.txt"), String.join(" ", command) + "\n" + output);
        return Optional.of(process.exitValue() == 0);
    }

    private static Path write(Path file, List<X509Certificate> certificates, List<X509CRL> crls) throws Exception {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            pem.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(certificate.getEncoded())).append("\n-----END CERTIFICATE-----\n");
        }
        for (X509CRL crl : crls) {
            pem.append("-----BEGIN X509 CRL-----\n").append(base64.encodeToString(crl.getEncoded())).append("\n-----END X509 CRL-----\n");
        }
        Files.writeString(file, pem.toString());
        return file;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsExpectedVerdictFromTheUnitAndFromOpenssl() throws Exception {
        if (!OpenSsl.AVAILABLE) {
            System.out.println("CertificateMatrixTest: openssl cannot be run, every case skips its second opinion (" + OpenSsl.WHY + ")");
        }
        List<Case> all = cases();
        return java.util.stream.IntStream.range(0, all.size()).mapToObj(i -> DynamicTest.dynamicTest(all.get(i).name(), () -> {
            Case c = all.get(i);
            CheckResult unit = unitVerdict(c);
            assertEquals(c.expected(), unit.failure(), "unit verdict: " + unit.message());
            synchronized (CertificateMatrixTest.class) {
                unitAgreed++;
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(OpenSsl.AVAILABLE, "openssl is not installed, no second opinion: " + OpenSsl.WHY);
            Optional<Boolean> openssl = opensslVerdict(c, folder.resolve("case-" + i));
            if (openssl.isPresent()) {
                assertEquals(c.opensslAccepts(), openssl.get(), "openssl verdict (" + (c.difference() == null ? "no deliberate difference"
                        : "deliberate difference: " + c.difference().reason) + "): "
                        + Files.readString(folder.resolve("case-" + i).resolve("openssl.txt")));
                synchronized (CertificateMatrixTest.class) {
                    opensslAgreed++;
                    if (c.difference() != null) {
                        DIFFERENCES_SEEN.merge(c.difference(), 1, Integer::sum);
                    }
                }
            }
        }));
    }

    @Test
    void matrixCoversEveryRuleWithAPassingAndAFailingCase() throws Exception {
        List<Case> all = cases();
        assertTrue(all.size() >= 150, "the matrix has " + all.size() + " cases, at least 150 are wanted");
        Set<CertificateFailure> refusedFor = EnumSet.noneOf(CertificateFailure.class);
        all.forEach(c -> c.expected().ifPresent(refusedFor::add));
        Set<CertificateFailure> wanted = EnumSet.allOf(CertificateFailure.class);
        wanted.remove(CertificateFailure.NO_CERTIFICATE);        // no chain at all: CertificateCheckerTest
        assertEquals(wanted, refusedFor, "every reason code has a refusing case");
        assertTrue(all.stream().filter(c -> c.expected().isEmpty()).count() >= 50, "accepting cases");
        for (Difference difference : Difference.values()) {
            assertTrue(all.stream().anyMatch(c -> c.difference() == difference), difference + " is listed but no case shows it");
        }
        for (Case c : all) {
            assertNotNull(c.chain().get(0), c.name());
        }
    }

    @AfterAll
    static void report() {
        System.out.println("CertificateMatrixTest: " + CASES.size() + " cases; unit verdict as expected in " + unitAgreed
                + "; openssl verdict as expected in " + opensslAgreed + " (deliberate differences: " + DIFFERENCES_SEEN + ")");
    }

    /** Whether the openssl command is there to ask. */
    private static final class OpenSsl {
        static final boolean AVAILABLE;
        static final String WHY;

        static {
            boolean available;
            String why;
            try {
                Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
                why = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                available = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
                why = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
                why = "interrupted";
            }
            AVAILABLE = available;
            WHY = why;
        }
    }
}
