package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import org.secureta.launcher.RunningUnit;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.secureta.proxykit.EachProxy;
import org.secureta.proxykit.Proxy;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 6 and 11, end to end, against each proxy present: two units, whose profiles the same
 * generated configuration covers (both users in its table), register through that real Kamailio
 * or OpenSIPS (running the file unedited) over TLS with HostName validation and call each other
 * with SRTP; each side hears the other's tone after SRTP unprotection. Prints the time from the
 * units' start to Registered and each call's set-up time through the proxy.
 */
class SecureCallThroughProxyIT {

    static final Path DIST = Path.of(System.getProperty("secureta.dist", "target/secureta"));
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TONE_FRAMES = Pattern.compile("toneFrames=(\\d+)");

    @TempDir
    Path dir;

    @EachProxy.Test
    void twoUnitsRegisterThroughTheGeneratedProxyAndTalkOverSrtpWithSdesThenMikey(Proxy proxy) throws Exception {
        try (ProxyLab lab = ProxyLab.create(proxy, DIST, dir, List.of("unit1", "unit2"), System.out)) {
            UnitProfile p1 = UnitProfile.tlsLine("100", "e2e-pw-100", lab.registrar(), lab.ports().next());
            UnitProfile p2 = UnitProfile.tlsLine("101", "e2e-pw-101", lab.registrar(), lab.ports().next());
            Map<String, UnitProfile> units = new LinkedHashMap<>();
            units.put("unit1", p1);
            units.put("unit2", p2);
            lab.startProxy(units);
            long started = System.nanoTime();
            RunningUnit unit1 = lab.startUnit("unit1", p1);
            RunningUnit unit2 = lab.startUnit("unit2", p2);
            for (RunningUnit unit : List.of(unit1, unit2)) {
                assertTrue(unit.awaitStatus(WAIT, "TLS_LINK gateway=Lab state=Up").contains("establishing persistent connection"));
                unit.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            }
            System.out.printf("FIGURE %s: start of both units to both Registered: %d ms%n", proxy.displayName(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            // Calls towards a unit reach it over its own link: the registrar's binding is the link's source.
            assertEquals(1, lab.proxy().bindings("101").size(), "one binding for 101");
            assertTrue(lab.proxy().tlsConnections().size() >= 2, "both units' links are held by the proxy");

            talk(proxy, unit1, "101", unit2, "Sdes", "AES_CM_128_HMAC_SHA1_80");

            // Mipt.DefaultSecurityKeyManagement applies without a restart; MIKEY needs the shared key on both.
            String psk = "00112233445566778899aabbccddeeff";
            for (RunningUnit unit : List.of(unit1, unit2)) {
                assertTrue(unit.command("set", "SecureTA.MikeyPreSharedKey", psk).contains("applied"), unit.name() + ": pre-shared key");
                // The MIKEY service registers once the key has reached it (asynchronously): until then
                // the unit refuses Mikey naming the key managements it has. Await that, not a fixed time.
                String answer = "";
                long deadline = System.nanoTime() + WAIT.toNanos();
                do {
                    answer = unit.command("set", "Mipt.DefaultSecurityKeyManagement", "Mikey");
                } while (answer.contains("is not a registered key management") && System.nanoTime() < deadline && sleep());
                try {
                    unit.awaitStatus(WAIT, "MEDIA agent=srtp-ta state=Configured", "keyManagement=Mikey");
                } catch (RunningUnit.Timeout e) {
                    throw new AssertionError(e.getMessage() + "\nta:set answered: " + answer, e);
                }
            }
            talk(proxy, unit2, "100", unit1, "Mikey", "AES_CM_128_HMAC_SHA1_80");
        }
    }

    /** Caller calls callee's user; both connect securely with the key management and hear each other, then hang up. */
    private static void talk(Proxy proxy, RunningUnit caller, String calleeUser, RunningUnit callee, String keyManagement, String suite)
            throws Exception {
        long placedAt = System.nanoTime();
        String placed = caller.command("call", calleeUser);
        assertTrue(placed.startsWith("call "), placed);
        String id = placed.split(" ")[1];
        for (RunningUnit unit : List.of(caller, callee)) {
            String connected = unit.awaitStatus(WAIT, "CALL call=", "state=Connected");
            if (unit == caller) {
                System.out.printf("FIGURE %s: %s call set-up through the proxy (ta:call to Connected at the caller): %d ms%n",
                        proxy.displayName(), keyManagement, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - placedAt));
            }
            assertTrue(connected.contains("secure=yes keyManagement=" + keyManagement + " suite=" + suite), connected);
            String heard = unit.awaitCall(WAIT, line -> line.contains("Connected") && toneFrames(line) >= 25, "25 frames of the other side's tone");
            assertTrue(heard.contains("authFailures=0 replays=0"), heard);
        }
        assertTrue(caller.command("hangup", id).contains("hung up"));
        for (RunningUnit unit : List.of(caller, callee)) {
            // (A changed media setting restarts the call agent, which starts a new call list.)
            unit.awaitCalls(WAIT, calls -> calls.contains(" Ended ") && !calls.contains(" Connected "), "the call ended");
        }
    }

    private static int toneFrames(String callsLine) {
        Matcher m = TONE_FRAMES.matcher(callsLine);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
