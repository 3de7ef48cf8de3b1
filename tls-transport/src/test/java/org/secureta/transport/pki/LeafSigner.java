package org.secureta.transport.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds what CertificateKit refuses to: a certificate whose issuer is a leaf (CA:false). An
 * attacker holding any valid leaf could mint such certificates; the checker must not follow them.
 */
final class LeafSigner {

    private LeafSigner() {
    }

    static IssuedCertificate sign(IssuedCertificate leaf, String commonName, Clock clock) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        var builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(leaf.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(42), Date.from(clock.instant().minus(Duration.ofHours(1))),
                Date.from(clock.instant().plus(Duration.ofDays(30))), new X500Name("CN=" + commonName), keys.getPublic());
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(leaf.privateKey())));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(leaf.chain());
        return new IssuedCertificate(certificate, keys.getPrivate(), chain);
    }
}
