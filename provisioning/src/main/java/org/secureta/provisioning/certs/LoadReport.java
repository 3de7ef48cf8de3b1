package org.secureta.provisioning.certs;

import java.util.List;

/** What {@link CertificateStore#load()} found: the certificates now in use and the files it skipped, with why. */
public record LoadReport(List<CertificateEntry> loaded, List<Problem> problems) {

    /** A file that was not used. */
    public record Problem(String fileName, Rejection reason, String message) {
    }

    public LoadReport {
        loaded = List.copyOf(loaded);
        problems = List.copyOf(problems);
    }
}
