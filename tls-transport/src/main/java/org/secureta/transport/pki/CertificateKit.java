package org.secureta.transport.pki;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes certificates for the lab and for tests, with Bouncy Castle's builder and the JDK's key
 * generators and signature providers (nothing is registered globally, so the kit behaves the same
 * inside OSGi). The kit's clock sets default validity periods, so tests can move time freely.
 *
 * <p>Besides well-formed certificate authorities, proxy server certificates and unit Host
 * certificates, it makes the broken ones the unit must refuse: a self-signed leaf
 * ({@link #selfSigned} with a SERVER spec), a leaf from another CA (issue with a CA the unit does
 * not trust), a wrong host (SANs for another name), expired and not-yet-valid ones
 * ({@link Validity#expiredSince}, {@link Validity#startingIn}) and {@link #withBadSignature}.
 */
public final class CertificateKit {

    private static final int DEFAULT_DAYS = 365;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CertificateKit(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Clock clock() {
        return clock;
    }

    /** A self-signed RSA 2048 root CA valid from an hour ago for a year. */
    public IssuedCertificate certificateAuthority(String commonName) throws PkiException {
        return selfSigned(CertificateSpec.certificateAuthority(commonName));
    }

    /** A proxy server certificate (EKU serverAuth); with no SAN given, the CN is the SAN. */
    public IssuedCertificate server(String commonName, IssuedCertificate issuer, String... subjectAltNames) throws PkiException {
        return issue(CertificateSpec.server(commonName, subjectAltNames), issuer);
    }

    /** A unit's Host certificate (EKU serverAuth and clientAuth, CN = unit name). */
    public IssuedCertificate host(String unitName, IssuedCertificate issuer, String... subjectAltNames) throws PkiException {
        return issue(CertificateSpec.host(unitName, subjectAltNames), issuer);
    }

    /** A certificate signed by its own key: a root CA for a CA spec, a self-signed leaf otherwise. */
    public IssuedCertificate selfSigned(CertificateSpec spec) throws PkiException {
        return selfSigned(spec, generateKeyPair(spec));
    }

    /** As {@link #selfSigned(CertificateSpec)} with a key pair generated beforehand ({@link #generateKeyPair}). */
    public IssuedCertificate selfSigned(CertificateSpec spec, KeyPair keys) throws PkiException {
        X500Name subject = subjectOf(spec);
        X509Certificate certificate = build(spec, subject, keys.getPublic(), subject, keys.getPrivate(), null);
        return new IssuedCertificate(certificate, keys.getPrivate(), List.of(certificate));
    }

    /** A certificate signed by the issuer, which must be a certificate authority. */
    public IssuedCertificate issue(CertificateSpec spec, IssuedCertificate issuer) throws PkiException {
        requireAuthority(spec, issuer);
        return issue(spec, issuer, generateKeyPair(spec));
    }

    /** As {@link #issue(CertificateSpec, IssuedCertificate)} with a key pair generated beforehand ({@link #generateKeyPair}). */
    public IssuedCertificate issue(CertificateSpec spec, IssuedCertificate issuer, KeyPair keys) throws PkiException {
        requireAuthority(spec, issuer);
        X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        X509Certificate certificate = build(spec, subjectOf(spec), keys.getPublic(), issuerName, issuer.privateKey(), issuer.certificate());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain());
        return new IssuedCertificate(certificate, keys.getPrivate(), chain);
    }

    /**
     * The same certificate with its last signature byte flipped: it still parses, but no issuer
     * key verifies it (what a tampered certificate looks like to the unit).
     */
    public static IssuedCertificate withBadSignature(IssuedCertificate good) throws PkiException {
        try {
            // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
            // (RFC 5280 4.1): the encoding ends with the signature, so the last byte is signature.
            byte[] der = good.certificate().getEncoded();
            der[der.length - 1] ^= 0x01;
            X509Certificate tampered = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            List<X509Certificate> chain = new ArrayList<>(good.chain());
            chain.set(0, tampered);
            return new IssuedCertificate(tampered, good.privateKey(), chain);
        } catch (CertificateException e) {
            throw new PkiException(good.subject(), PkiException.Problem.GENERATION_FAILED, "cannot re-read tampered certificate", e);
        }
    }

    private X509Certificate build(CertificateSpec spec, X500Name subject, PublicKey subjectKey,
                                  X500Name issuerName, PrivateKey signingKey, X509Certificate issuerCertificate)
            throws PkiException {
        Validity validity = spec.validity() != null ? spec.validity() : Validity.startingNow(clock, DEFAULT_DAYS);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName, serialNumber(), Date.from(validity.notBefore()), Date.from(validity.notAfter()),
                    subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            if (issuerCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuerCertificate));
            }
            addProfileExtensions(builder, spec, subjectKey);
            ContentSigner signer = new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(signingKey.getAlgorithm()))
                    .setSecureRandom(random)
                    .build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new PkiException(spec.commonName(), PkiException.Problem.GENERATION_FAILED, "cannot build certificate: " + e.getMessage(), e);
        }
    }

    private static void addProfileExtensions(X509v3CertificateBuilder builder, CertificateSpec spec, PublicKey subjectKey)
            throws CertIOException {
        switch (spec.profile()) {
            case CERTIFICATE_AUTHORITY -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            case SERVER, HOST -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                // keyEncipherment only makes sense for RSA key transport (the unit's CS1 suites).
                int usage = "RSA".equals(subjectKey.getAlgorithm())
                        ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                        : KeyUsage.digitalSignature;
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                KeyPurposeId[] purposes = spec.profile() == CertificateProfile.HOST
                        ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                        : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            default -> throw new IllegalStateException("unknown profile " + spec.profile());
        }
        if (!spec.subjectAltNames().isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, generalNames(spec.subjectAltNames()));
        }
    }

    private static GeneralNames generalNames(SubjectAltNames names) {
        List<GeneralName> entries = new ArrayList<>();
        for (String dns : names.dnsNames()) {
            entries.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (InetAddress ip : names.ipAddresses()) {
            entries.add(new GeneralName(GeneralName.iPAddress, new org.bouncycastle.asn1.DEROctetString(ip.getAddress())));
        }
        return new GeneralNames(entries.toArray(GeneralName[]::new));
    }

    private static X500Name subjectOf(CertificateSpec spec) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, spec.commonName()).build();
    }

    /** RFC 5280 4.1.2.2: positive, unique per issuer, at most 20 octets; 159 random bits satisfy all three. */
    private BigInteger serialNumber() {
        return new BigInteger(159, random).setBit(0);
    }

    private static void requireAuthority(CertificateSpec spec, IssuedCertificate issuer) throws PkiException {
        if (!Certificates.isCertificateAuthority(issuer.certificate())) {
            throw new PkiException(spec.commonName(), PkiException.Problem.GENERATION_FAILED,
                    "issuer " + issuer.subject() + " is not a certificate authority (basicConstraints CA:false)");
        }
    }

    /**
     * A fresh key pair of the spec's type. Thread-safe: a kit of several certificates generates
     * its RSA keys (the slow part, a prime search each) on all cores at once.
     */
    public KeyPair generateKeyPair(CertificateSpec spec) throws PkiException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(spec.keyType().algorithm());
            generator.initialize(spec.keyType().parameters(), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException(spec.commonName(), PkiException.Problem.GENERATION_FAILED,
                    "cannot generate " + spec.keyType() + " key pair", e);
        }
    }
}
