package org.secureta.launcher.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToolsTest {

    @Test
    void aMissingToolIsReportedWithWhereItWasLookedForAndTheDebianPackageToInstall() {
        MissingToolException e = assertThrows(MissingToolException.class,
                () -> Tools.require("secureta-no-such-tool", "secureta-no-such-package"));
        assertEquals("secureta-no-such-tool", e.tool());
        assertTrue(e.getMessage().startsWith("secureta-no-such-tool is not installed (looked on the PATH, in /usr/sbin"), e.getMessage());
        assertTrue(e.getMessage().endsWith("install it with: apt-get install secureta-no-such-package"), e.getMessage());
    }

    @Test
    void aToolOnThePathIsFound() {
        // sh is on every Debian machine the kit runs on
        assertTrue(Tools.find("sh").map(p -> p.endsWith("sh")).orElse(false));
    }
}
