package org.secureta.transport.pki;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** PEM text (RFC 7468) out: labelled Base64 blocks. Reading PEM is {@link PemBlock}'s. */
final class PemEncoder {

    private PemEncoder() {
    }

    static String certificates(List<X509Certificate> certificates) throws PkiException {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(block("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new PkiException(Certificates.subject(certificate), PkiException.Problem.WRITE_FAILED, "cannot encode certificate", e);
            }
        }
        return pem.toString();
    }

    /** RFC 7468 section 2: Base64 in lines of 64 characters between BEGIN and END lines. */
    static String block(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
