package org.secureta.transport.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.secureta.transport.TlsCredentials;

/**
 * A throw-away certificate authority for tests: issues server/host certificates for loopback,
 * writes PEM files for Kamailio, and gives a plain PKIX trust manager over itself (the
 * certificate service's trust manager replaces it in the product).
 */
public final class TestCa {

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {

        public void writePem(Path certificateFile, Path keyFile) throws IOException {
            Files.writeString(certificateFile, pem(certificate));
            Files.writeString(keyFile, pem(key));
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Issued root;

    private TestCa(String name, Issued root) {
        this.name = name;
        this.root = root;
    }

    public static TestCa create(String commonName) throws GeneralSecurityException {
        try {
            KeyPair keys = rsa();
            X500Name subject = new X500Name("CN=" + commonName + ",O=SecureTA tests");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                    subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            // RFC 5280 4.2.1.2: a CA names its key, so issued certificates can point at it (4.2.1.1).
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            return new TestCa(commonName, new Issued(certificate, keys.getPrivate()));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    public X509Certificate certificate() {
        return root.certificate();
    }

    /** A server/host certificate for {@code commonName}, valid on the given names and addresses. */
    public Issued issue(String commonName, List<String> dnsNames, List<String> ipAddresses) throws GeneralSecurityException {
        try {
            KeyPair keys = rsa();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root.certificate(), serial(),
                    Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(7))),
                    new X500Name("CN=" + commonName + ",O=SecureTA tests"), keys.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            for (String ip : ipAddresses) {
                names.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(ip).getHostAddress()));
            }
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root.certificate()));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            return new Issued(sign(builder, root.key()), keys.getPrivate());
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A plain PKIX trust manager trusting this CA only. */
    public X509ExtendedTrustManager trustManager() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(name, root.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    public static X509ExtendedKeyManager keyManager(Issued host, X509Certificate issuer) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test-only".toCharArray();
            store.setKeyEntry("host", host.key(), password, new X509Certificate[] {host.certificate(), issuer});
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, password);
            return (X509ExtendedKeyManager) factory.getKeyManagers()[0];
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Credentials trusting this CA, with an optional host certificate (null for none). */
    public TlsCredentials credentials(Issued host) throws GeneralSecurityException {
        X509ExtendedTrustManager trust = trustManager();
        X509ExtendedKeyManager keys = host == null ? null : keyManager(host, certificate());
        return new TlsCredentials() {
            @Override
            public X509ExtendedTrustManager trustManager() {
                return trust;
            }

            @Override
            public X509ExtendedKeyManager keyManager() {
                return keys;
            }
        };
    }

    /**
     * Credentials as the certificate service gives them: the unit's own trust manager at
     * {@code level}, checking dates against {@code clock}, with an optional host certificate.
     */
    public TlsCredentials unitCredentials(org.secureta.transport.CertificateValidation level, java.time.Clock clock, Issued host)
            throws GeneralSecurityException {
        X509ExtendedTrustManager trust = new org.secureta.transport.pki.UnitTrustManager(
                new org.secureta.transport.pki.CertificateChecker(level, List.of(certificate()), clock),
                org.secureta.transport.pki.ExpectedServer.peerHost());
        X509ExtendedKeyManager keys = host == null ? null : keyManager(host, certificate());
        return new TlsCredentials() {
            @Override
            public X509ExtendedTrustManager trustManager() {
                return trust;
            }

            @Override
            public X509ExtendedKeyManager keyManager() {
                return keys;
            }
        };
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        } catch (java.security.cert.CertificateException e) {
            throw e;
        }
    }

    static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof PrivateKey
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator((PrivateKey) object, null) : object);
        }
        return text.toString();
    }
}
