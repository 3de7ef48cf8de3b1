package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.TinyDns;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * A server configured as {@code domain:0} is found through DNS SRV (RFC 3263 4.2): the
 * {@code _sips._tcp} records of the domain, tried in priority order, from a real (small) DNS
 * server on loopback. With DnsSrvResponse the certificate may name the SRV target; with
 * HostName it must name the configured domain.
 */
class DnsSrvTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestCa ca;
    private static Kamailio kamailio;
    private static TinyDns dns;
    private static int deadPort;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA SRV CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().user("600", "pw600")
                .certificate(ca.issue("proxy2.lab.test", List.of("proxy2.lab.test"), List.of())));
        deadPort = FreePorts.tcpAndUdp();
        dns = new TinyDns()
                .srv("_sips._tcp.lab.test", 10, 5, deadPort, "proxy1.lab.test")
                .srv("_sips._tcp.lab.test", 20, 5, kamailio.port(), "proxy2.lab.test")
                .a("proxy1.lab.test", "127.0.0.1")
                .a("proxy2.lab.test", "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        if (kamailio != null) {
            kamailio.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static Units unit(CertificateValidation level) throws Exception {
        return Units.tls(ca.unitCredentials(level, Clock.systemUTC(), null))
                .with("persistentBasePort", FreePorts.persistentBase())
                .with("certificateValidation", level.name())
                .with("dnsServer", dns.hostPort())
                .gateway("gw", "lab.test:0")
                .line("1", "600", "pw600", "gw");
    }

    @Test
    void theLinkGoesToTheSrvTargetsInPriorityOrderAndTheLineRegisters() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unit(CertificateValidation.DnsSrvResponse).start(events)) {
            events.await(registration("1", "Registered"), WAIT);

            UnitEvent up = events.await(link("gw", "Up"), WAIT);
            assertEquals("127.0.0.1:" + kamailio.port(), up.get("remoteAddress"), "the second SRV target: the first refuses");
            assertEquals(1, kamailio.bindings("600").size());
            UnitEvent waiting = events.await(e -> e.kind().equals(UnitEvent.TLS_LINK) && "WaitingUp".equals(e.get("state")), WAIT);
            assertTrue(events.all().indexOf(waiting) < events.all().indexOf(up));
        }
    }

    @Test
    void withHostNameValidationACertificateNamingOnlyTheSrvTargetIsRejected() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unit(CertificateValidation.HostName).start(events)) {
            UnitEvent down = events.await(e -> e.kind().equals(UnitEvent.TLS_LINK) && "Down".equals(e.get("state"))
                    && e.get("reason").contains("HOST_MISMATCH"), WAIT);

            assertTrue(down.get("reason").contains("proxy1.lab.test:" + deadPort + " (SRV of lab.test): connection refused"), down.get("reason"));
            assertTrue(down.get("reason").contains("does not name lab.test"), down.get("reason"));
        }
    }

    @Test
    void aDomainWithoutSrvRecordsKeepsTheLinkDownSayingSo() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = Units.tls(ca.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                .with("dnsServer", dns.hostPort()).gateway("gw", "nowhere.test:0").line("1", "600", "pw600", "gw").start(events)) {
            UnitEvent down = events.await(link("gw", "Down"), WAIT);

            assertTrue(down.get("reason").startsWith("DNS SRV lookup of _sips._tcp.nowhere.test failed"), down.get("reason"));
        }
    }
}
