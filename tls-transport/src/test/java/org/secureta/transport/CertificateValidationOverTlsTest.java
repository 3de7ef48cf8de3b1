package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.pki.CertificateChecker;
import org.secureta.transport.pki.ExpectedServer;
import org.secureta.transport.pki.UnitTrustManager;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * The unit's own trust manager (certificate service) behind the transport, against Kamailio:
 * with HostName validation the link comes up only if the server's certificate names the server
 * as configured for the gateway, and the status says why when it does not.
 */
class CertificateValidationOverTlsTest {

    private static TestCa ca;

    @BeforeAll
    static void needsKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
    }

    private static TlsCredentials unitTrust(CertificateValidation level) {
        X509ExtendedTrustManager trust = new UnitTrustManager(new CertificateChecker(level, List.of(ca.certificate()), Clock.systemUTC()),
                ExpectedServer.peerHost());
        return new TlsCredentials() {
            @Override
            public X509ExtendedTrustManager trustManager() {
                return trust;
            }

            @Override
            public X509ExtendedKeyManager keyManager() {
                return null;
            }
        };
    }

    private static SipUnit unit(Kamailio kamailio, CertificateValidation level, UnitEvents events) throws Exception {
        return Units.tls(unitTrust(level)).with("persistentBasePort", FreePorts.persistentBase())
                .gateway("gw", kamailio.hostPort()).line("1", "100", "secret", "gw").start(events);
    }

    @Test
    void hostNameValidationAcceptsAServerCertificateNamingTheConfiguredAddress() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(kamailio, CertificateValidation.HostName, events)) {
                events.await(registration("1", "Registered"), Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void hostNameValidationRefusesATrustedCertificateForAnotherHostAndSaysSo() throws Exception {
        TestCa.Issued elsewhere = ca.issue("sip.example", List.of("sip.example"), List.of());
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret").certificate(elsewhere))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(kamailio, CertificateValidation.HostName, events)) {
                UnitEvent down = events.await(link("gw", "Down"), Duration.ofSeconds(10));

                assertTrue(down.get("reason").startsWith("server certificate rejected: HOST_MISMATCH"), down.get("reason"));
                events.await(registration("1", "Unreachable"), Duration.ofSeconds(5));
                assertEquals(RegistrationState.Unreachable, unit.registrations().get(0).state());
            }
        }
    }

    @Test
    void trustedCertificateValidationAcceptsTheSameCertificateForAnotherHost() throws Exception {
        TestCa.Issued elsewhere = ca.issue("sip.example", List.of("sip.example"), List.of());
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret").certificate(elsewhere))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(kamailio, CertificateValidation.TrustedCertificate, events)) {
                events.await(registration("1", "Registered"), Duration.ofSeconds(10));
            }
        }
    }
}
