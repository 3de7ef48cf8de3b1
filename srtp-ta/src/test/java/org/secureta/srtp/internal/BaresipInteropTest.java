package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * Interop with a real baresip through a real Kamailio over TLS, SDES-keyed SRTP both ways: the
 * tone baresip plays from a WAV file must be detected by our unit after SRTP unprotection.
 */
class BaresipInteropTest {

    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        if (!Baresip.installed()) {
            System.out.println(Baresip.NOT_INSTALLED);
        }
        assumeTrue(Baresip.installed(), Baresip.NOT_INSTALLED);
        ca = TestCa.create("SecureTA baresip interop CA");
        Kamailio.Options options = new Kamailio.Options();
        for (int user = 500; user < 510; user++) {
            options.user(Integer.toString(user), "pw" + user);
        }
        kamailio = Kamailio.start(ca, options);
    }

    @AfterAll
    static void stop() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static final Map<String, Object> SECURE_SDES = Map.of("rtpMode", "Secure", "keyManagement", "Sdes", "autoAnswer", true);

    @Test
    void ourUnitCallsBaresipAndHearsItsToneThroughSrtp() throws Exception {
        try (Party unit = Party.start(ca, kamailio, "500", SECURE_SDES);
             Baresip baresip = Baresip.start(ca, kamailio, "501", 440)) {
            assertTrue(kamailio.bindings("501").size() > 0 || awaitBinding("501"), "baresip registered: " + baresip.log());

            String id = unit.agent.call("1", "sip:501@" + kamailio.hostPort());
            UnitEvent connected;
            try {
                connected = unit.events.await(e -> Party.call("Connected").test(e) || Party.call("Failed").test(e), Party.WAIT);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nbaresip:\n" + baresip.log() + "\nkamailio:\n"
                        + java.nio.file.Files.readString(kamailio.directory().resolve("kamailio.log")), e);
            }
            assertEquals("Connected", connected.get("state"), connected.toLine() + "\n" + baresip.log());
            assertEquals("yes", connected.get("secure"));

            long heard = Audio.awaitTone(unit, id, Party.WAIT);
            assertTrue(heard >= Audio.ENOUGH_TONE_FRAMES, "baresip's 440 Hz decrypted in " + heard + " frames: "
                    + unit.agent.status(id).orElseThrow().describe() + "\n" + baresip.log());
            assertEquals(0, unit.agent.status(id).orElseThrow().counters().authFailures());
            unit.agent.hangup(id).toCompletableFuture().get();
        }
    }

    @Test
    void baresipCallsOurUnitWhichHearsItsToneThroughSrtp() throws Exception {
        try (Party unit = Party.start(ca, kamailio, "502", SECURE_SDES);
             Baresip baresip = Baresip.start(ca, kamailio, "503", 1000, "/dial sip:502@" + kamailio.hostPort())) {
            UnitEvent connected = unit.events.await(e -> Party.call("Connected").test(e) || Party.call("Failed").test(e),
                    Party.WAIT.multipliedBy(2));
            assertEquals("Connected", connected.get("state"), connected.toLine() + "\n" + baresip.log());
            assertEquals("yes", connected.get("secure"));
            String id = connected.get("call");

            long heard = Audio.awaitTone(unit, id, Party.WAIT);
            assertTrue(heard >= Audio.ENOUGH_TONE_FRAMES, "baresip's 1 kHz decrypted in " + heard + " frames: "
                    + unit.agent.status(id).orElseThrow().describe() + "\n" + baresip.log());
            unit.agent.hangup(id).toCompletableFuture().get();
        }
    }

    private static boolean awaitBinding(String user) throws InterruptedException {
        long deadline = System.nanoTime() + Party.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!kamailio.bindings(user).isEmpty()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
