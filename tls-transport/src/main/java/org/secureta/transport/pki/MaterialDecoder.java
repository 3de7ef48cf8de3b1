package org.secureta.transport.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Tells what uploaded bytes hold and decodes them: PEM text (RFC 7468) with certificates and at
 * most one private key, DER certificates, a DER private key, or PKCS#12 -- by content, never by
 * file name. Anything it cannot use is a {@link PkiException} naming the source and what is wrong.
 */
final class MaterialDecoder {

    private MaterialDecoder() {
    }

    /**
     * Reads uploaded bytes. The source (usually the uploaded file name) is what error messages name.
     * PEM text, DER certificates, DER keys and PKCS#12 are told apart by content, not by file name.
     */
    static PkiMaterial parse(byte[] content, String source, char[] password) throws PkiException {
        if (content.length == 0) {
            throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE, "the file is empty");
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (PemBlock.looksLikePem(text)) {
            return fromPem(PemBlock.parse(text, source), source);
        }
        if ((content[0] & 0xff) == 0x30) {
            return fromDer(content, source, password);
        }
        throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE,
                "not a certificate: neither PEM text (no \"-----BEGIN\" line) nor DER (does not start with an ASN.1 SEQUENCE)");
    }

    private static PkiMaterial fromPem(List<PemBlock> blocks, String source) throws PkiException {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        int index = 0;
        for (PemBlock block : blocks) {
            index++;
            String where = "PEM block " + index + " (\"" + block.label() + "\", line " + block.line() + ")";
            switch (block.label()) {
                case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" ->
                        certificates.add(certificate(block.der(), source, where));
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (block.encryptedLegacyKey()) {
                        throw encryptedKey(source, where);
                    }
                    if (key != null) {
                        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, where + " is a second private key; one file holds at most one");
                    }
                    key = PrivateKeyCodec.decode(block.label(), block.der(), source, where);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encryptedKey(source, where);
                case "EC PARAMETERS" -> {
                    // openssl ecparam -genkey writes the curve before the key; the key names it again.
                }
                case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" -> throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE,
                        where + " is a certificate signing request, not a certificate: have it signed by the CA first");
                case "PUBLIC KEY", "RSA PUBLIC KEY" -> throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE,
                        where + " is a bare public key, not a certificate");
                default -> throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE,
                        where + " is not a certificate or private key");
            }
        }
        if (certificates.isEmpty() && key == null) {
            throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE, "holds no certificate and no private key");
        }
        return new PkiMaterial(certificates, Optional.ofNullable(key));
    }

    private static PkiMaterial fromDer(byte[] content, String source, char[] password) throws PkiException {
        ASN1Sequence top;
        try (ASN1InputStream in = new ASN1InputStream(content)) {
            ASN1Primitive first = in.readObject();
            if (!(first instanceof ASN1Sequence sequence) || sequence.size() < 2) {
                throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE, "DER content is not a certificate, key or PKCS#12 structure");
            }
            top = sequence;
        } catch (IOException | RuntimeException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, "DER content is truncated or damaged: " + e.getMessage(), e);
        }
        ASN1Encodable first = top.getObjectAt(0);
        ASN1Encodable second = top.getObjectAt(1);
        if (first instanceof ASN1Sequence) {
            // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, ... } (RFC 5280 4.1); maybe several in a row.
            return new PkiMaterial(derCertificates(content, source), Optional.empty());
        }
        if (first instanceof ASN1Integer version) {
            BigInteger v = version.getValue();
            if (v.intValue() == 3 && second instanceof ASN1Sequence) {
                return Pkcs12Codec.decode(content, source, password);         // PFX, RFC 7292 4
            }
            String where = "DER private key";
            if (v.signum() == 0 && second instanceof ASN1Sequence) {
                return new PkiMaterial(List.of(), Optional.of(PrivateKeyCodec.decode("PRIVATE KEY", content, source, where)));      // RFC 5208
            }
            if (v.signum() == 0 && second instanceof ASN1Integer) {
                return new PkiMaterial(List.of(), Optional.of(PrivateKeyCodec.decode("RSA PRIVATE KEY", content, source, where)));  // RFC 8017 A.1.2
            }
            if (v.intValue() == 1) {
                return new PkiMaterial(List.of(), Optional.of(PrivateKeyCodec.decode("EC PRIVATE KEY", content, source, where)));   // RFC 5915 3
            }
        }
        throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE, "DER content is not a certificate, key or PKCS#12 structure");
    }

    private static List<X509Certificate> derCertificates(byte[] content, String source) throws PkiException {
        try {
            Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content));
            if (parsed.isEmpty()) {
                throw new PkiException(source, PkiException.Problem.NOT_A_CERTIFICATE, "DER content holds no certificate");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : parsed) {
                certificates.add((X509Certificate) c);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, "DER certificate is truncated or damaged: " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(byte[] der, String source, String where) throws PkiException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT,
                    where + " is not a valid X.509 certificate (truncated or damaged): " + e.getMessage(), e);
        }
    }

    private static PkiException encryptedKey(String source, String where) {
        return new PkiException(source, PkiException.Problem.UNSUPPORTED,
                where + " is an encrypted private key; give the key unencrypted, or certificate and key as PKCS#12 with its password");
    }
}
