package org.secureta.opensips.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.secureta.opensips.internal.ProxyPlan.CertificateFiles;
import org.secureta.transport.CertificateValidation;
import org.secureta.transport.pki.CertificateChecker;
import org.secureta.transport.pki.CheckResult;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.PkiException;
import org.secureta.transport.pki.ServerIdentity;

/**
 * When the proxy's certificate files are already in place, checks them the way the units will:
 * the key belongs to the certificate, and the certificate passes the unit's
 * SipEp.InteropTlsCertificateValidation level against the CA list for every host the units are
 * configured with. A certificate the units would refuse is reported before anyone starts a proxy.
 */
final class CertificateFilesCheck {

    private CertificateFilesCheck() {
    }

    static List<String> check(ProxyPlan plan) {
        return check(plan, Clock.systemUTC());
    }

    static List<String> check(ProxyPlan plan, Clock clock) {
        CertificateFiles files = plan.certificates();
        List<Path> present = List.of(files.certificate(), files.privateKey(), files.caList()).stream().filter(Files::exists).toList();
        List<String> problems = new ArrayList<>();
        if (present.isEmpty()) {
            return problems;
        }
        if (present.size() < 3) {
            problems.add("certificate files incomplete in " + files.certificate().getParent() + ": "
                    + List.of(files.certificate(), files.privateKey(), files.caList()).stream().filter(p -> !Files.exists(p))
                            .map(p -> p.getFileName().toString()).toList() + " missing");
            return problems;
        }
        try {
            List<X509Certificate> certificates = PemFiles.readCertificates(files.certificate());
            PrivateKey key = PemFiles.readPrivateKey(files.privateKey());
            List<X509Certificate> anchors = PemFiles.readCertificates(files.caList());
            IssuedCertificate proxy = IssuedCertificate.assemble(files.certificate().toString(), certificates, key);
            CertificateValidation level = CertificateValidation.valueOf(plan.tls().validation());
            if (level == CertificateValidation.NoValidation) {
                level = CertificateValidation.TrustedCertificate;
            }
            CertificateChecker checker = new CertificateChecker(level, anchors, clock);
            for (ServerAddress host : plan.listens()) {
                CheckResult result = checker.checkServer(proxy.chain(), ServerIdentity.of(host.host()));
                if (!result.isOk()) {
                    problems.add(files.certificate().getFileName() + " would be refused by units connecting to " + host.socket()
                            + " (SipEp.InteropTlsCertificateValidation=" + plan.tls().validation() + "): " + result.message());
                }
            }
            String suite = plan.tls().cipherSuite();
            if (!"RSA".equals(key.getAlgorithm()) && ("CS1".equals(suite) || "CS2".equals(suite))) {
                problems.add(files.privateKey().getFileName() + " is an " + key.getAlgorithm() + " key, but SipEp.TransportTlsCipherSuite="
                        + suite + " offers only RSA suites: no handshake can succeed (use an RSA certificate, or CS3)");
            }
        } catch (PkiException e) {
            problems.add("cannot use the certificate files in " + files.certificate().getParent() + ": " + e.getMessage());
        }
        return problems;
    }
}
