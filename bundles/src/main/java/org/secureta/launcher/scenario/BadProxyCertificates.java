package org.secureta.launcher.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.CertificateSpec;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.Validity;

/**
 * Proxy certificates the unit must refuse, one per check of the guide's section 1.3 (signature
 * and CA, server identity, expiry), made with the PKI toolbox of tls-transport. Loaded by
 * {@link DistributionClasses} next to the distribution's tls-transport and Bouncy Castle jars
 * (the launcher's own class path holds only the framework), so it is called reflectively.
 */
public final class BadProxyCertificates {

    /** A name that is not the proxy's: what a certificate made for another host names. */
    static final String OTHER_HOST = "proxy.elsewhere.example";

    private BadProxyCertificates() {
    }

    /**
     * Writes {@code proxy.crt}, {@code proxy.key} and {@code ca.crt} (the kit's CA, which the
     * proxy uses to check clients) for Kamailio's {@code --cert-dir}, and returns a description
     * of what is wrong with the certificate.
     *
     * @param failure a {@code CertificateFailure} name: EXPIRED, NOT_YET_VALID, UNKNOWN_CA, HOST_MISMATCH
     * @param kitDir a kit made by {@code ta certs} (its CA signs all but the UNKNOWN_CA certificate)
     */
    public static String write(String failure, String kitDir, String outDir, String proxyHost) throws Exception {
        Clock clock = Clock.systemUTC();
        CertificateKit kit = new CertificateKit(clock);
        Path kit0 = Path.of(kitDir);
        IssuedCertificate ca = PemFiles.readIssued(kit0.resolve("ca/ca.crt"), kit0.resolve("ca/ca.key"));
        CertificateSpec server = CertificateSpec.server(proxyHost, proxyHost);
        IssuedCertificate bad;
        String what;
        switch (failure) {
            case "EXPIRED" -> {
                bad = kit.issue(server.withValidity(Validity.expiredSince(clock, Duration.ofDays(1))), ca);
                what = "the proxy's certificate expired yesterday (notAfter " + bad.certificate().getNotAfter().toInstant() + ")";
            }
            case "NOT_YET_VALID" -> {
                bad = kit.issue(server.withValidity(Validity.startingIn(clock, Duration.ofDays(1))), ca);
                what = "the proxy's certificate is valid only from tomorrow (notBefore " + bad.certificate().getNotBefore().toInstant() + ")";
            }
            case "UNKNOWN_CA" -> {
                IssuedCertificate stranger = kit.certificateAuthority("Some other CA");
                bad = kit.issue(server, stranger);
                what = "the proxy's certificate is issued by \"Some other CA\", which is not in the unit's Other store";
            }
            case "HOST_MISMATCH" -> {
                bad = kit.issue(CertificateSpec.server(OTHER_HOST, OTHER_HOST), ca);
                what = "the proxy's certificate names " + OTHER_HOST + " only, while the unit's registrar is " + proxyHost;
            }
            default -> throw new IllegalArgumentException("no bad certificate for '" + failure
                    + "'; allowed: EXPIRED, NOT_YET_VALID, UNKNOWN_CA, HOST_MISMATCH");
        }
        Path out = Files.createDirectories(Path.of(outDir));
        PemFiles.writeCertificate(out.resolve("proxy.crt"), bad.certificate());
        PemFiles.writePrivateKey(out.resolve("proxy.key"), bad.privateKey());
        PemFiles.writeCertificate(out.resolve("ca.crt"), ca.certificate());
        return what;
    }
}
