package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third key management in its own bundle (examples/xtest-keymgmt, test only), loaded into two
 * real units, selected through their profiles (ta:set Mipt.DefaultSecurityKeyManagement Xtest),
 * carries a secure call both ways: the call agent does not know it by name.
 */
class ThirdKeyManagementIT {

    /** The folder failsafe fills with the test method's jar (bundles/pom.xml, execution test-keymgmt-bundles). */
    static final Path TEST_KEY_MANAGEMENTS = Path.of(System.getProperty("secureta.testKeyManagements", "target/test-keymgmt-bundles"));

    @TempDir
    Path dir;

    @Test
    void aKeyManagementFromAnExtensionBundleSelectedThroughTheProfileCarriesASecureCall() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Steps steps = new Steps(new PrintStream(progress, true, StandardCharsets.UTF_8));
        try (UnitPair pair = new BackToBack(ContainerIT.DIST, dir, false, List.of(TEST_KEY_MANAGEMENTS)).start(steps)) {
            for (RunningUnit unit : pair.both()) {
                assertTrue(unit.container().extensions().stream().anyMatch(e -> e.startsWith("org.secureta.xtest-keymgmt@")),
                        unit.name() + " loaded " + unit.container().extensions());
                assertEquals("refused: ta:set: Mipt.DefaultSecurityKeyManagement: 'Zrtp' is not a registered key management "
                        + "(registered: Mikey, Sdes, Xtest)", unit.command("set", "Mipt.DefaultSecurityKeyManagement", "Zrtp"));
            }
            CallScript script = new CallScript(steps, Duration.ofSeconds(1));
            script.use(pair, "Xtest");
            for (RunningUnit unit : pair.both()) {
                assertEquals("Mipt.DefaultSecurityKeyManagement=Xtest", unit.command("get", "Mipt.DefaultSecurityKeyManagement"));
            }
            CallOutcome ab = script.call("Xtest", pair.a(), pair.b());
            CallOutcome ba = script.call("Xtest", pair.b(), pair.a());
            for (CallOutcome call : List.of(ab, ba)) {
                assertTrue(call.passed(), call + "\n" + progress);
                assertEquals("Xtest", call.callerSide().keyManagement());
                assertEquals("AES_CM_128_HMAC_SHA1_80", call.calleeSide().suite());
            }
        }
    }
}
