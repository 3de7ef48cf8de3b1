package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * Mipt.EpSpecificSecurity: a line whose override is enabled places and answers its calls with the
 * override's RTP mode, key management and encryption instead of the unit's defaults. Two real
 * units through a real Kamailio over TLS; the override is read from the same properties
 * provisioning writes (factory PID org.secureta.srtp.line).
 */
class LineOverrideTest {

    private static TestCa ca;
    private static Kamailio kamailio;
    private static int nextUser = 500;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA line override tests CA");
        Kamailio.Options options = new Kamailio.Options();
        for (int user = 500; user < 520; user++) {
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

    /** Overrides of line {@code endpointId} as provisioning writes them for an enabled row. */
    private static LineOverrides override(String endpointId, String rtpMode, String keyManagement, String rtpEncryption) {
        LineSecurity security = LineSecurity.fromProperties(Map.of("endpointId", endpointId, "rtpMode", rtpMode,
                "keyManagement", keyManagement, "rtpEncryption", rtpEncryption));
        return line -> line.equals(endpointId) ? Optional.of(security) : Optional.empty();
    }

    private static Party party(LineOverrides overrides, Object... settings) throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of("autoAnswer", true));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put((String) settings[i], settings[i + 1]);
        }
        return Party.start(ca, kamailio, Integer.toString(nextUser++), properties, "127.0.0.1", overrides);
    }

    @Test
    void aLineOverridingSecureSdesToUnsecureCallsAnUnsecureUnitInPlainRtp() throws Exception {
        try (Party caller = party(override("1", "Unsecure", "Sdes", "AesCm128"), "rtpMode", "Secure", "keyManagement", "Sdes");
             Party callee = party(LineOverrides.NONE, "rtpMode", "Unsecure")) {
            caller.agent.call("1", callee.uriAt(kamailio));

            UnitEvent connected = caller.awaitCall("Connected");
            assertEquals("no", connected.get("secure"), "the line's Unsecure, not the unit's Secure (which the callee refuses with 415)");
            SecureCallsTest.assertAudioBothWays(caller, callee);
        }
    }

    @Test
    void anOverrideOfAnotherLineLeavesTheDefaultsOfThisOne() throws Exception {
        try (Party caller = party(override("2", "Unsecure", "Sdes", "AesCm128"), "rtpMode", "Secure", "keyManagement", "Sdes");
             Party callee = party(LineOverrides.NONE, "rtpMode", "Unsecure")) {
            caller.agent.call("1", callee.uriAt(kamailio));

            assertEquals("415 Unsupported Media Type", caller.awaitCall("Failed").get("reason"));
        }
    }

    @Test
    void aLineOverridingSdesToMikeyAnswersAMikeyCallWithMikeyAndNoMismatchLine() throws Exception {
        try (Party caller = party(LineOverrides.NONE, "rtpMode", "Secure", "keyManagement", "Mikey");
             Party callee = party(override("1", "Secure", "Mikey", "AesCm128"), "rtpMode", "Secure", "keyManagement", "Sdes")) {
            caller.agent.call("1", callee.uriAt(kamailio));

            UnitEvent answered = callee.awaitCall("Connected");
            assertEquals("yes", answered.get("secure"));
            assertEquals("Mikey", answered.get("keyManagement"));
            assertEquals("AES_CM_128_HMAC_SHA1_80", answered.get("suite"));
            SecureCallsTest.assertAudioBothWays(caller, callee);
            assertTrue(callee.events.matching(e -> e.kind().equals(UnitEvent.ERROR) && "SdpTools".equals(e.get("source"))).isEmpty(),
                    "no D3A2 line: the line uses MIKEY, as the offer does");
        }
    }

    @Test
    void aLineOverridingTheEncryptionToNullPlacesMikeyNullCalls() throws Exception {
        try (Party caller = party(override("1", "Secure", "Mikey", "Null"), "rtpMode", "Secure", "keyManagement", "Mikey");
             Party callee = party(LineOverrides.NONE, "rtpMode", "Secure", "keyManagement", "Mikey", "rtpEncryption", "Null")) {
            // The callee's MIKEY refuses a policy other than its own encryption: the caller's default (AES) would fail.
            caller.agent.call("1", callee.uriAt(kamailio));

            assertEquals("NULL_HMAC_SHA1_80", caller.awaitCall("Connected").get("suite"));
            SecureCallsTest.assertAudioBothWays(caller, callee);
            SecureCallsTest.assertWireShare(callee, caller, 1000, true);
        }
    }

    @Test
    void anUnreadableOverrideRefusesTheCallRatherThanFallingBackToTheDefaults() throws Exception {
        LineOverrides broken = line -> Optional.of(LineSecurity.fromProperties(Map.of("endpointId", line, "rtpMode", "Securish")));
        try (Party caller = party(broken, "rtpMode", "Secure", "keyManagement", "Sdes");
             Party callee = party(broken, "rtpMode", "Unsecure")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> caller.agent.call("1", callee.uriAt(kamailio)));
            assertEquals("line security override of endpoint '1' (org.secureta.srtp.line): rtpMode 'Securish' is not one of "
                    + "[Unsecure, Secure, SecureWithFallback]", e.getMessage());

            Party plainCaller = party(LineOverrides.NONE, "rtpMode", "Unsecure");
            try (plainCaller) {
                plainCaller.agent.call("1", callee.uriAt(kamailio));
                assertEquals("500 Server Internal Error", plainCaller.awaitCall("Failed").get("reason"),
                        "the callee's line cannot be read: it refuses instead of answering with its defaults");
            }
        }
    }
}
