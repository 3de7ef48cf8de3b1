package org.secureta.transport.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Certificate and key files of the unit and the proxies, on disk: reads a file and hands its bytes
 * to {@link MaterialDecoder} (PEM, DER, PKCS#8/PKCS#1/SEC 1 keys in {@link PrivateKeyCodec},
 * PKCS#12 in {@link Pkcs12Codec}); writes through {@link AtomicFiles}, private keys and PKCS#12
 * owner read/write only. The encoders are reachable here too, for callers that send the bytes
 * elsewhere (uploads, the proxy configuration). Reading never guesses silently: anything it cannot
 * use is a {@link PkiException} naming the file and what is wrong.
 */
public final class PemFiles {

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
        return MaterialDecoder.parse(content, source, password);
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
        byte[] pem = PrivateKeyCodec.encodePem(key, encoding, file.toString());
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
        return PemEncoder.certificates(certificates);
    }

    /** The key as PEM bytes; the caller should clear the array once written. */
    public static byte[] privateKeyPem(PrivateKey key, KeyEncoding encoding) throws PkiException {
        return PrivateKeyCodec.encodePem(key, encoding, "private key");
    }

    public static byte[] pkcs12(IssuedCertificate issued, char[] password) throws PkiException {
        return Pkcs12Codec.encode(issued, password);
    }

    // ---------------------------------------------------------------- internals

    private static byte[] readBytes(Path file) throws PkiException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PkiException(file.toString(), PkiException.Problem.UNREADABLE, "cannot read: " + e, e);
        }
    }

}
