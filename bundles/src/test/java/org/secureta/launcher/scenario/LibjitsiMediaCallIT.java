package org.secureta.launcher.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.secureta.launcher.RunningUnit;
import org.secureta.launcher.UnitProfile;
import org.secureta.proxykit.EachProxy;
import org.secureta.proxykit.Proxy;

/**
 * Issue 16 with the real distribution: a unit with SecureTA.MediaEngine=Libjitsi and a unit on the
 * Native engine register through a real Kamailio (the proxy kit, running the configuration
 * opensips-config generated) over TLS and call each other both ways, with SDES and then with MIKEY.
 * Each side must hear the other's tone after SRTP unprotection with 0 authentication failures and
 * replays, and each side's call must name the engine it ran on.
 */
class LibjitsiMediaCallIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final Pattern TONE_FRAMES = Pattern.compile("toneFrames=(\\d+)");
    private static final String PSK = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    @EachProxy.Test(Proxy.KAMAILIO)
    void aLibjitsiMediaUnitAndANativeUnitCallEachOtherThroughKamailioWithSdesThenMikey(Proxy proxy) throws Exception {
        try (ProxyLab lab = ProxyLab.create(proxy, SecureCallThroughProxyIT.DIST, dir, List.of("libjitsi", "native"), System.out)) {
            UnitProfile libjitsiProfile = UnitProfile.tlsLine("100", "lj-pw-100", lab.registrar(), lab.ports().next())
                    .with("SecureTA.MediaEngine", "Libjitsi").with("SecureTA.MikeyPreSharedKey", PSK);
            UnitProfile nativeProfile = UnitProfile.tlsLine("101", "lj-pw-101", lab.registrar(), lab.ports().next())
                    .with("SecureTA.MikeyPreSharedKey", PSK);
            Map<String, UnitProfile> units = new LinkedHashMap<>();
            units.put("libjitsi", libjitsiProfile);
            units.put("native", nativeProfile);
            lab.startProxy(units);
            RunningUnit libjitsi = lab.startUnit("libjitsi", libjitsiProfile);
            RunningUnit nativ = lab.startUnit("native", nativeProfile);
            for (RunningUnit unit : List.of(libjitsi, nativ)) {
                unit.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            }
            assertTrue(libjitsi.awaitStatus(WAIT, "MEDIA agent=srtp-ta state=Configured").contains("mediaEngine=Libjitsi"));

            talk(libjitsi, "101", nativ, "Sdes");
            talk(nativ, "100", libjitsi, "Sdes");
            for (RunningUnit unit : List.of(libjitsi, nativ)) {
                String answer = unit.command("set", "Mipt.DefaultSecurityKeyManagement", "Mikey");
                try {
                    unit.awaitStatus(WAIT, "MEDIA agent=srtp-ta state=Configured", "keyManagement=Mikey");
                } catch (RunningUnit.Timeout e) {
                    throw new AssertionError(e.getMessage() + "\nta:set answered: " + answer, e);
                }
            }
            talk(libjitsi, "101", nativ, "Mikey");
            talk(nativ, "100", libjitsi, "Mikey");
        }
    }

    /** Caller calls the callee's user: both connect securely, hear each other with no refused packet, then hang up. */
    private static void talk(RunningUnit caller, String calleeUser, RunningUnit callee, String keyManagement) throws Exception {
        String placed = caller.command("call", calleeUser);
        assertTrue(placed.startsWith("call "), placed);
        String id = placed.split(" ")[1];
        for (RunningUnit unit : List.of(caller, callee)) {
            String heard = unit.awaitCall(WAIT, line -> line.contains(" Connected ") && toneFrames(line) >= 25,
                    "25 frames of the other side's tone");
            assertTrue(heard.contains("secure=yes keyManagement=" + keyManagement + " suite=AES_CM_128_HMAC_SHA1_80"), heard);
            assertTrue(heard.contains("authFailures=0 replays=0"), heard);
            assertTrue(heard.contains(" media=" + (unit.name().equals("libjitsi") ? "Libjitsi" : "Native")), heard);
        }
        assertTrue(caller.command("hangup", id).contains("hung up"));
        for (RunningUnit unit : List.of(caller, callee)) {
            unit.awaitCalls(WAIT, calls -> !calls.contains(" Connected "), "the call ended");
        }
    }

    private static int toneFrames(String callsLine) {
        Matcher m = TONE_FRAMES.matcher(callsLine);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
