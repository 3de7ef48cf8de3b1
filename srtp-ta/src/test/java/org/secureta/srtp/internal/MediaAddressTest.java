package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * RTP and RTCP leave from the address the SIP transport uses (or a configured media address), and
 * SDP's c= says so: a unit on 127.0.0.2 calls one on 127.0.0.1 through a real Kamailio over TLS.
 */
class MediaAddressTest {

    private static TestCa ca;
    private static Kamailio kamailio;
    private static int nextUser = 600;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA media address tests CA");
        Kamailio.Options options = new Kamailio.Options();
        for (int user = 600; user < 610; user++) {
            options.user(Integer.toString(user), "pw" + user);
        }
        kamailio = Kamailio.start(ca, options);
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static Party party(String localAddress, Object... settings) throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of("autoAnswer", true, "rtpMode", "Secure", "keyManagement", "Sdes"));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put((String) settings[i], settings[i + 1]);
        }
        return Party.start(ca, kamailio, Integer.toString(nextUser++), properties, localAddress, LineOverrides.NONE);
    }

    @Test
    void aUnitSignallingFrom127_0_0_2BindsItsMediaThereAndItsSdpSendsThePeerThere() throws Exception {
        try (Party caller = party("127.0.0.2");
             Party callee = party("127.0.0.1")) {
            caller.agent.call("1", callee.uriAt(kamailio));
            String out = caller.callIn("Connected");
            String in = callee.callIn("Connected");

            InetSocketAddress local = caller.agent.localMedia(out);
            assertEquals(InetAddress.getByName("127.0.0.2"), local.getAddress());
            assertEquals(local, callee.agent.peerMedia(in).orElseThrow(), "the callee sends where the caller's c= and m= say");
            assertEquals(InetAddress.getByName("127.0.0.1"), callee.agent.localMedia(in).getAddress());
            assertEquals(callee.agent.localMedia(in), caller.agent.peerMedia(out).orElseThrow());
            SecureCallsTest.assertAudioBothWays(caller, callee);
        }
    }

    @Test
    void aConfiguredMediaAddressIsUsedInsteadOfTheSignallingOne() throws Exception {
        try (Party caller = party("127.0.0.1");
             Party callee = party("127.0.0.1", "mediaAddress", "127.0.0.3")) {
            caller.agent.call("1", callee.uriAt(kamailio));
            String out = caller.callIn("Connected");
            String in = callee.callIn("Connected");

            assertEquals(InetAddress.getByName("127.0.0.3"), callee.agent.localMedia(in).getAddress());
            assertEquals(callee.agent.localMedia(in), caller.agent.peerMedia(out).orElseThrow());
            SecureCallsTest.assertAudioBothWays(caller, callee);
        }
    }

    @Test
    void withNeitherAMediaAddressNorATransportAddressTheHostsAddressIsUsedAsTheTransportDoes() throws Exception {
        assertEquals(InetAddress.getLocalHost(), MediaAddress.resolve("", ""));
        assertEquals(InetAddress.getByName("127.0.0.2"), MediaAddress.resolve(" ", "127.0.0.2"));
        assertEquals(InetAddress.getByName("::1"), MediaAddress.resolve("::1", "127.0.0.2"));
    }

    @Test
    void aMediaAddressThatCannotBeWrittenInSdpIsRefusedByName() {
        assertEquals("mediaAddress '0.0.0.0' is the wildcard address; SDP c= needs one interface's address",
                assertThrows(IllegalArgumentException.class, () -> MediaAddress.resolve("0.0.0.0", "")).getMessage());
        assertEquals("mediaAddress '239.1.2.3' is a multicast address; media needs a unicast one",
                assertThrows(IllegalArgumentException.class, () -> MediaAddress.resolve("239.1.2.3", "")).getMessage());
        assertEquals("the SIP transport's localAddress 'no-such-host.invalid' is not an IP address or known host name",
                assertThrows(IllegalArgumentException.class, () -> MediaAddress.resolve("", "no-such-host.invalid")).getMessage());
    }
}
