package org.secureta.transport.pki;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A freely shaped certificate for the matrix: every field and extension the checker looks at can
 * be set to a good or a broken value. Defaults make a well-formed end-entity server certificate.
 */
final class MatrixCertificate {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final AtomicLong SERIALS = new AtomicLong(0x1000);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** A certificate with the key that signed it (for issuing below it). */
    record Issued(X509Certificate certificate, KeyPair keys) {
    }

    String subject = "CN=proxy.example.com";
    KeyPair keys;
    BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
    Instant notBefore = NOW.minus(Duration.ofDays(30));
    Instant notAfter = NOW.plus(Duration.ofDays(300));
    Integer caPathLength;                 // null: no basicConstraints; -1: CA:false; -2: CA:true no limit; n: CA:true pathLen n
    boolean basicConstraintsCritical = true;
    Integer keyUsage;                     // null: none
    List<KeyPurposeId> extendedKeyUsage;  // null: none; empty: an empty SEQUENCE
    List<GeneralName> subjectAltNames = new ArrayList<>();
    boolean subjectKeyIdentifier = true;
    boolean authorityKeyIdentifier = true;
    NameConstraints nameConstraints;
    ASN1ObjectIdentifier unknownExtension;
    boolean unknownExtensionCritical;
    String signatureAlgorithm;            // null: SHA256 with the issuer's key type

    static MatrixCertificate ca(String name, KeyPair keys) {
        MatrixCertificate c = new MatrixCertificate();
        c.subject = "CN=" + name;
        c.keys = keys;
        c.caPathLength = -2;
        c.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
        c.notBefore = NOW.minus(Duration.ofDays(365));
        c.notAfter = NOW.plus(Duration.ofDays(3650));
        return c;
    }

    static MatrixCertificate server(String commonName, KeyPair keys, String... dnsNames) {
        MatrixCertificate c = new MatrixCertificate();
        c.subject = "CN=" + commonName;
        c.keys = keys;
        c.caPathLength = -1;
        c.keyUsage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
        c.extendedKeyUsage = List.of(KeyPurposeId.id_kp_serverAuth);
        for (String dns : dnsNames) {
            c.dns(dns);
        }
        return c;
    }

    MatrixCertificate dns(String name) {
        subjectAltNames.add(new GeneralName(GeneralName.dNSName, name));
        return this;
    }

    MatrixCertificate ip(String address) throws Exception {
        subjectAltNames.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(address).getAddress())));
        return this;
    }

    MatrixCertificate permitDns(String... bases) {
        nameConstraints = new NameConstraints(subtrees(GeneralName.dNSName, bases), null);
        return this;
    }

    MatrixCertificate excludeDns(String... bases) {
        nameConstraints = new NameConstraints(null, subtrees(GeneralName.dNSName, bases));
        return this;
    }

    MatrixCertificate permitIp(byte[] addressAndMask) {
        nameConstraints = new NameConstraints(new GeneralSubtree[] {
            new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(addressAndMask)))}, null);
        return this;
    }

    private static GeneralSubtree[] subtrees(int type, String... bases) {
        GeneralSubtree[] trees = new GeneralSubtree[bases.length];
        for (int i = 0; i < bases.length; i++) {
            trees[i] = new GeneralSubtree(new GeneralName(type, bases[i]));
        }
        return trees;
    }

    Issued selfSigned() throws Exception {
        return new Issued(build(new X500Name(subject), keys, null), keys);
    }

    Issued issuedBy(Issued issuer) throws Exception {
        return new Issued(build(X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), issuer.keys(), issuer.certificate()), keys);
    }

    private X509Certificate build(X500Name issuerName, KeyPair signer, X509Certificate issuerCertificate) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(notBefore), Date.from(notAfter),
                new X500Name(subject), keys.getPublic());
        if (caPathLength != null) {
            BasicConstraints constraints = caPathLength == -1 ? new BasicConstraints(false)
                    : caPathLength == -2 ? new BasicConstraints(true) : new BasicConstraints(caPathLength);
            builder.addExtension(Extension.basicConstraints, basicConstraintsCritical, constraints);
        }
        if (keyUsage != null) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        if (extendedKeyUsage != null) {
            builder.addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage.isEmpty()
                    ? new DERSequence() : new ExtendedKeyUsage(extendedKeyUsage.toArray(KeyPurposeId[]::new)));
        }
        if (!subjectAltNames.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltNames.toArray(GeneralName[]::new)));
        }
        if (subjectKeyIdentifier) {
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        }
        if (authorityKeyIdentifier) {
            builder.addExtension(Extension.authorityKeyIdentifier, false, issuerCertificate != null
                    ? utils.createAuthorityKeyIdentifier(issuerCertificate) : utils.createAuthorityKeyIdentifier(signer.getPublic()));
        }
        if (nameConstraints != null) {
            builder.addExtension(Extension.nameConstraints, true, nameConstraints);
        }
        if (unknownExtension != null) {
            builder.addExtension(unknownExtension, unknownExtensionCritical, DERNull.INSTANCE);
        }
        String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                : "RSA".equals(signer.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signer.getPrivate())));
        // Re-read with the JDK's factory, as JSSE hands certificates to the trust manager.
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
    }

    static X509Certificate withBadSignature(X509Certificate good) throws Exception {
        byte[] der = good.getEncoded();
        der[der.length - 1] ^= 0x01;
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static BouncyCastleProvider bouncyCastle() {
        return BC;
    }
}
