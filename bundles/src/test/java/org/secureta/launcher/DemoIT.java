package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoIT {

    @TempDir
    Path dir;

    @Test
    void theDemoRunsEveryStepAndReportsPass() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new Demo(ContainerIT.DIST, out).run(List.of("--home", dir.resolve("demo").toString()));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, report);
        assertTrue(report.contains("RESULT: PASS"), report);
        assertTrue(report.contains("the transport restarted with the change: ok"), report);
    }
}
