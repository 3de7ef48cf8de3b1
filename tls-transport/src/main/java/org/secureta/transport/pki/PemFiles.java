package org.secureta.transport.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Reads and writes the certificate and key files the unit and the proxies use: X.509 in PEM or
 * DER (several certificates in one file allowed), private keys in PEM as PKCS#8, PKCS#1 (RSA) or
 * SEC 1 (EC), and PKCS#12 with a password. Reading never guesses silently: anything it cannot use
 * is a {@link PkiException} naming the file and what is wrong. Private keys are written
 * owner read/write only.
 */
public final class PemFiles {

    private static final String PKCS12_ALIAS = "host";

    private PemFiles() {
    }

    // ---------------------------------------------------------------- reading

    /** Reads any supported file; a PKCS#12 file needs {@link #read(Path, char[])}. */
    public static PkiMaterial read(Path file) throws PkiException {
        return read(file, null);
    }

    /** Reads any supported file; the password is only used for PKCS#12. */
    public static PkiMaterial read(Path file, char[] password) throws PkiException {
        return parse(readBytes(file), file.toString(), password);
    }

    /**
     * Reads uploaded bytes. The source (usually the uploaded file name) is what error messages name.
     * PEM text, DER certificates, DER keys and PKCS#12 are told apart by content, not by file name.
     */
    public static PkiMaterial parse(byte[] content, String source, char[] password) throws PkiException {
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

    /** The certificates of a PEM or DER file, in file order (a chain file is root first). */
    public static List<X509Certificate> readCertificates(Path file) throws PkiException {
        PkiMaterial material = read(file);
        if (material.certificates().isEmpty()) {
            throw new PkiException(file.toString(), PkiException.Problem.MISSING_CONTENT, "holds no certificate");
        }
        return material.certificates();
    }

    /** The single certificate of a file; a file with several is refused, since which one is meant is unclear. */
    public static X509Certificate readCertificate(Path file) throws PkiException {
        List<X509Certificate> certificates = readCertificates(file);
        if (certificates.size() != 1) {
            throw new PkiException(file.toString(), PkiException.Problem.UNSUPPORTED,
                    "holds " + certificates.size() + " certificates where one is expected");
        }
        return certificates.get(0);
    }

    public static PrivateKey readPrivateKey(Path file) throws PkiException {
        return read(file).privateKey().orElseThrow(() ->
                new PkiException(file.toString(), PkiException.Problem.MISSING_CONTENT, "holds no private key"));
    }

    /** A certificate with its key from one PEM file holding both (and possibly the chain). */
    public static IssuedCertificate readIssued(Path combinedFile) throws PkiException {
        PkiMaterial material = read(combinedFile);
        PrivateKey key = material.privateKey().orElseThrow(() ->
                new PkiException(combinedFile.toString(), PkiException.Problem.MISSING_CONTENT, "holds no private key"));
        return IssuedCertificate.assemble(combinedFile.toString(), material.certificates(), key);
    }

    /** A certificate (and chain) file with its separate key file; the key must belong to the certificate. */
    public static IssuedCertificate readIssued(Path certificateFile, Path keyFile) throws PkiException {
        List<X509Certificate> certificates = readCertificates(certificateFile);
        PrivateKey key = readPrivateKey(keyFile);
        return IssuedCertificate.assemble(certificateFile + " with " + keyFile, certificates, key);
    }

    public static IssuedCertificate readPkcs12(Path file, char[] password) throws PkiException {
        PkiMaterial material = read(file, password);
        PrivateKey key = material.privateKey().orElseThrow(() ->
                new PkiException(file.toString(), PkiException.Problem.MISSING_CONTENT, "PKCS#12 file holds no private key"));
        return IssuedCertificate.assemble(file.toString(), material.certificates(), key);
    }

    // ---------------------------------------------------------------- writing

    public static void writeCertificate(Path file, X509Certificate certificate) throws PkiException {
        writeCertificates(file, List.of(certificate));
    }

    /** Writes the certificates in the given order (for the unit's "Other" chain files: root first). */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws PkiException {
        AtomicFiles.writePublic(file, certificatesPem(certificates).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes a PKCS#8 "PRIVATE KEY" file, owner read/write only. */
    public static void writePrivateKey(Path file, PrivateKey key) throws PkiException {
        writePrivateKey(file, key, KeyEncoding.PKCS8);
    }

    public static void writePrivateKey(Path file, PrivateKey key, KeyEncoding encoding) throws PkiException {
        byte[] pem = privateKeyPem(key, encoding, file.toString());
        try {
            AtomicFiles.writeSecret(file, pem);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** Writes a PKCS#12 file with the key and its chain, owner read/write only. */
    public static void writePkcs12(Path file, IssuedCertificate issued, char[] password) throws PkiException {
        AtomicFiles.writeSecret(file, pkcs12(issued, password));
    }

    /** The three files a proxy or the unit is given for one certificate. */
    public record WrittenFiles(Path certificate, Path privateKey, Path chain) {
    }

    /**
     * Writes {@code base.crt} (the certificate alone), {@code base.key} (PKCS#8, owner-only) and
     * {@code base-chain.pem} (the issuers, root first: the unit's "Other" format, also usable as an
     * OpenSSL CA list). For a self-signed certificate the chain file holds the certificate itself.
     */
    public static WrittenFiles writeIssued(Path directory, String baseName, IssuedCertificate issued) throws PkiException {
        WrittenFiles files = new WrittenFiles(directory.resolve(baseName + ".crt"),
                directory.resolve(baseName + ".key"), directory.resolve(baseName + "-chain.pem"));
        writePrivateKey(files.privateKey(), issued.privateKey());
        writeCertificate(files.certificate(), issued.certificate());
        List<X509Certificate> issuers = new ArrayList<>(issued.issuers().isEmpty() ? issued.chain() : issued.issuers());
        Collections.reverse(issuers);
        writeCertificates(files.chain(), issuers);
        return files;
    }

    public static String certificatesPem(List<X509Certificate> certificates) throws PkiException {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(pemBlock("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new PkiException(Certificates.subject(certificate), PkiException.Problem.WRITE_FAILED, "cannot encode certificate", e);
            }
        }
        return pem.toString();
    }

    /** The key as PEM bytes; the caller should clear the array once written. */
    public static byte[] privateKeyPem(PrivateKey key, KeyEncoding encoding) throws PkiException {
        return privateKeyPem(key, encoding, "private key");
    }

    public static byte[] pkcs12(IssuedCertificate issued, char[] password) throws PkiException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(PKCS12_ALIAS, issued.privateKey(), password, issued.chain().toArray(Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException(issued.subject(), PkiException.Problem.WRITE_FAILED, "cannot build PKCS#12", e);
        }
    }

    // ---------------------------------------------------------------- internals

    private static byte[] readBytes(Path file) throws PkiException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PkiException(file.toString(), PkiException.Problem.UNREADABLE, "cannot read: " + e, e);
        }
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
                    key = privateKey(block.label(), block.der(), source, where);
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
                return pkcs12Material(content, source, password);         // PFX, RFC 7292 4
            }
            String where = "DER private key";
            if (v.signum() == 0 && second instanceof ASN1Sequence) {
                return new PkiMaterial(List.of(), Optional.of(privateKey("PRIVATE KEY", content, source, where)));      // RFC 5208
            }
            if (v.signum() == 0 && second instanceof ASN1Integer) {
                return new PkiMaterial(List.of(), Optional.of(privateKey("RSA PRIVATE KEY", content, source, where)));  // RFC 8017 A.1.2
            }
            if (v.intValue() == 1) {
                return new PkiMaterial(List.of(), Optional.of(privateKey("EC PRIVATE KEY", content, source, where)));   // RFC 5915 3
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

    private static PrivateKey privateKey(String label, byte[] der, String source, String where) throws PkiException {
        PrivateKeyInfo info;
        try {
            info = switch (label) {
                case "PRIVATE KEY" -> PrivateKeyInfo.getInstance(der);
                case "RSA PRIVATE KEY" -> new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), RSAPrivateKey.getInstance(der));
                default -> {
                    org.bouncycastle.asn1.sec.ECPrivateKey ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
                    if (ec.getParametersObject() == null) {
                        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, where + " is an EC key that does not name its curve");
                    }
                    yield new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec);
                }
            };
        } catch (IOException | RuntimeException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, where + " is not a valid private key (truncated or damaged)", e);
        }
        String algorithm = keyAlgorithm(info, source, where);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, where + " is not a valid " + algorithm + " private key", e);
        }
    }

    private static String keyAlgorithm(PrivateKeyInfo info, String source, String where) throws PkiException {
        var oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return "RSA";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return "EC";
        }
        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, where + " uses key algorithm " + oid + "; the unit supports RSA and EC keys");
    }

    private static PkiMaterial pkcs12Material(byte[] content, String source, char[] password) throws PkiException {
        char[] secret = password == null ? new char[0] : password;
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new PkiException(source, PkiException.Problem.WRONG_PASSWORD,
                        password == null || password.length == 0
                                ? "PKCS#12 file is protected by a password and none was given"
                                : "wrong password for the PKCS#12 file");
            }
            throw new PkiException(source, PkiException.Problem.CORRUPT, "PKCS#12 file is truncated or damaged: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, "PKCS#12 file cannot be opened: " + e.getMessage(), e);
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            PrivateKey key = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key entry = store.getKey(alias, secret);
                    if (!(entry instanceof PrivateKey privateKey)) {
                        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, "PKCS#12 entry \"" + alias + "\" is not a private key");
                    }
                    if (key != null) {
                        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, "PKCS#12 file holds more than one private key");
                    }
                    key = privateKey;
                    for (Certificate c : store.getCertificateChain(alias)) {
                        certificates.add((X509Certificate) c);
                    }
                } else if (store.getCertificate(alias) instanceof X509Certificate trusted && !certificates.contains(trusted)) {
                    certificates.add(trusted);
                }
            }
            if (key != null && !"RSA".equals(key.getAlgorithm()) && !"EC".equals(key.getAlgorithm())) {
                throw new PkiException(source, PkiException.Problem.UNSUPPORTED, "PKCS#12 key is " + key.getAlgorithm() + "; the unit supports RSA and EC keys");
            }
            return new PkiMaterial(certificates, Optional.ofNullable(key));
        } catch (UnrecoverableKeyException e) {
            throw new PkiException(source, PkiException.Problem.WRONG_PASSWORD, "the PKCS#12 key is protected by a different password than the file");
        } catch (GeneralSecurityException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, "PKCS#12 entries cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] privateKeyPem(PrivateKey key, KeyEncoding encoding, String target) throws PkiException {
        byte[] pkcs8 = key.getEncoded();
        if (pkcs8 == null) {
            throw new PkiException(target, PkiException.Problem.UNSUPPORTED, "the key cannot be exported (hardware or non-extractable key)");
        }
        try {
            if (encoding == KeyEncoding.PKCS8) {
                return pemBlock("PRIVATE KEY", pkcs8).getBytes(StandardCharsets.US_ASCII);
            }
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
            if (key instanceof ECPrivateKey ec) {
                // The JDK keeps the curve only in the PKCS#8 AlgorithmIdentifier; SEC 1 wants it inside.
                var traditional = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        ec.getParams().getOrder().bitLength(), ec.getS(), info.getPrivateKeyAlgorithm().getParameters());
                return pemBlock("EC PRIVATE KEY", traditional.getEncoded()).getBytes(StandardCharsets.US_ASCII);
            }
            if ("RSA".equals(key.getAlgorithm())) {
                return pemBlock("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded()).getBytes(StandardCharsets.US_ASCII);
            }
            throw new PkiException(target, PkiException.Problem.UNSUPPORTED, "no traditional PEM encoding for " + key.getAlgorithm() + " keys");
        } catch (IOException e) {
            throw new PkiException(target, PkiException.Problem.WRITE_FAILED, "cannot encode private key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** RFC 7468 section 2: Base64 in lines of 64 characters between BEGIN and END lines. */
    private static String pemBlock(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static PkiException encryptedKey(String source, String where) {
        return new PkiException(source, PkiException.Problem.UNSUPPORTED,
                where + " is an encrypted private key; give the key unencrypted, or certificate and key as PKCS#12 with its password");
    }
}
