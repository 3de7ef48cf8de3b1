package org.secureta.provisioning.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The certificate revocation lists of {@code certs/crl/} (RFC 5280 section 5), PEM or DER, several
 * per file allowed. They are handed to the certificate checker, which verifies each CRL's signature
 * and dates with the chain it checks; here a file is only read. A file that is not a CRL, or larger
 * than {@link #MAX_FILE_BYTES}, is reported and skipped.
 */
final class RevocationLists {

    /** Large CA CRLs reach a few MB; the limit keeps a stray file from filling the unit's memory. */
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private RevocationLists() {
    }

    static List<X509CRL> load(Path folder, List<LoadReport.Problem> problems) throws IOException {
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : CertificateFolders.visibleFiles(folder)) {
            String name = file.getFileName().toString();
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(new LoadReport.Problem(name, Rejection.UNSUPPORTED, name + ": larger than " + MAX_FILE_BYTES + " bytes, not read as a CRL"));
                continue;
            }
            try {
                Collection<? extends CRL> read = CertificateFactory.getInstance("X.509")
                        .generateCRLs(new ByteArrayInputStream(CertificateFolders.read(file)));
                List<X509CRL> found = read.stream().filter(X509CRL.class::isInstance).map(X509CRL.class::cast).toList();
                if (found.isEmpty()) {
                    problems.add(new LoadReport.Problem(name, Rejection.NOT_A_CRL, name + ": holds no certificate revocation list"));
                }
                crls.addAll(found);
            } catch (CRLException | CertificateException e) {
                problems.add(new LoadReport.Problem(name, Rejection.NOT_A_CRL, name + ": not a readable CRL (PEM or DER): " + e.getMessage()));
            } catch (CertificateRejectedException e) {
                problems.add(new LoadReport.Problem(name, e.reason(), e.getMessage()));
            }
        }
        return crls;
    }
}
