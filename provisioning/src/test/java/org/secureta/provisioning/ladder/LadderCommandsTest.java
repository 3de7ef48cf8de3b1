package org.secureta.provisioning.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.ladder.internal.LadderCommands;
import org.secureta.provisioning.ladder.internal.MessageTraceComponent;

/**
 * ta:trace and ta:ladder as an engineer types them, parsed and run by Gogo's own command
 * processor: two units (two traces), one SVG file, one merged ladder.
 */
class LadderCommandsTest {

    @TempDir
    Path dir;

    private final MessageTraceComponent unitA = new MessageTraceComponent(2000);
    private final MessageTraceComponent unitB = new MessageTraceComponent(2000);
    private ThreadIOImpl threadIo;
    private CommandSession shellA;
    private CommandSession shellB;

    @BeforeEach
    void start() {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        shellA = shell(unitA);
        shellB = shell(unitB);
        SipExchanges.sdesCall("call-1@ta", true, 0).forEach(unitA::messageSeen);
        SipExchanges.sdesCall("call-1@ta", false, 0).forEach(unitB::messageSeen);
    }

    private CommandSession shell(MessageTraceComponent trace) {
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
        LadderCommands commands = new LadderCommands(trace);
        processor.addCommand("ta", commands, "trace");
        processor.addCommand("ta", commands, "ladder");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
        return processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @AfterEach
    void stop() {
        shellA.close();
        shellB.close();
        threadIo.stop();
    }

    private static String run(CommandSession shell, String line) throws Exception {
        return String.valueOf(shell.execute(line));
    }

    @Test
    void taLadderDrawsTheLastCall() throws Exception {
        String text = run(shellA, "ta:ladder");
        assertTrue(text.startsWith("Call-ID call-1@ta (call, 7 messages)\n"), text);
        assertTrue(text.contains("|----------------- INVITE ----------------->|"), text);
        assertEquals(text, run(shellA, "ta:ladder last"));
        assertEquals(text, run(shellA, "ta:ladder call-1@ta"));
    }

    @Test
    void taTraceOfOneUnitMergedByTaLadderInTheOtherIsOneArrowPerMessageAndAnSvgFile() throws Exception {
        Path traceOfB = dir.resolve("unit-b.trace");
        run(shellB, "ta:trace call-1@ta --to " + traceOfB);
        assertEquals(8, Files.readAllLines(traceOfB).size(), "the header and seven messages");
        Path svg = dir.resolve("out/call-1.svg");
        String text = run(shellA, "ta:ladder call-1@ta --svg " + svg + " --with " + traceOfB);
        assertTrue(text.contains("unit (127.0.0.1:16000)") && text.contains("unit (127.0.0.2:5061)"), text);
        assertTrue(text.contains("HostName ok / client not verified"), "both ends' verdicts:\n" + text);
        assertEquals(7, text.lines().filter(l -> l.matches("\\d\\d:.*")).count(), text);
        assertTrue(text.endsWith("SVG written to " + svg.toAbsolutePath() + "\n"), text);
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", document.getDocumentElement().getTagName());
        assertFalse(Files.readString(svg).contains(SipExchanges.SDES_KEY));
    }

    @Test
    void theColumnsCarryTheNamesGivenForTheUnitsAndOtherAddresses() throws Exception {
        Path traceOfB = dir.resolve("unit-b.trace");
        run(shellB, "ta:trace --to " + traceOfB);
        String text = run(shellA, "ta:ladder --as ta-a --with ta-b=" + traceOfB);
        assertTrue(text.lines().anyMatch(l -> l.matches(" +ta-a +ta-b")), text);
        assertFalse(text.contains("unit ("), text);
        String named = run(shellA, "ta:ladder --name 127.0.0.2:5061=Kamailio");
        assertTrue(named.lines().anyMatch(l -> l.matches(" +unit \\(127\\.0\\.0\\.1:16000\\) +Kamailio")), named);
        assertTrue(run(shellA, "ta:ladder --name 127.0.0.2:5061").startsWith("--name 127.0.0.2:5061: expected ADDRESS=NAME"));
        assertTrue(run(shellA, "ta:ladder --as 'two words'").startsWith("--as: 'two words' is not a name"));
    }

    @Test
    void taTraceToAFileSavesTheLinesForAnotherUnit() throws Exception {
        Path file = dir.resolve("traces/unit-b.trace");
        assertEquals("7 message(s) written to " + file.toAbsolutePath(), run(shellB, "ta:trace --to " + file));
        assertEquals(unitB.messages(), TraceFormat.parse(Files.readString(file), file.toString()));
        assertEquals("unknown option --too\n" + "usage: ta:trace [CALLID] [--to FILE]", run(shellB, "ta:trace --too x"));
        assertEquals("--to FILE: the value is missing\n" + "usage: ta:trace [CALLID] [--to FILE]", run(shellB, "ta:trace call-1@ta --to"));
    }

    @Test
    void taTraceWithoutACallIdPrintsEveryMessage() throws Exception {
        String trace = run(shellA, "ta:trace");
        assertEquals(TraceFormat.HEADER, trace.lines().findFirst().orElseThrow());
        assertEquals(unitA.messages(), TraceFormat.parse(trace, "ta:trace"));
        assertEquals(List.of(TraceFormat.HEADER), run(shellA, "ta:trace nobody@ta").lines().toList());
    }

    @Test
    void mistakesAreAnsweredWithWhatWasWrong() throws Exception {
        assertEquals("unknown option --png\n" + usage(), run(shellA, "ta:ladder --png x.png"));
        assertEquals("--svg FILE: the value is missing\n" + usage(), run(shellA, "ta:ladder last --svg"));
        assertEquals("one of last, all or a Call-ID, not both last and all\n" + usage(), run(shellA, "ta:ladder last all"));
        assertEquals("no messages with Call-ID nobody@ta; traced Call-IDs: call-1@ta", run(shellA, "ta:ladder nobody@ta"));
        Path missing = dir.resolve("missing.trace");
        assertTrue(run(shellA, "ta:ladder --with " + missing).startsWith("cannot read trace file " + missing + ": "));
        Path bad = Files.writeString(dir.resolve("bad.trace"), TraceFormat.HEADER + "\nnot a trace line\n");
        assertEquals(bad + " line 2, line: 1 TAB-separated fields, expected 10 (time direction transport local remote call-id cseq"
                + " first-line security body)", run(shellA, "ta:ladder --with " + bad));
        assertEquals("no SIP messages traced yet", run(shell(new MessageTraceComponent(5)), "ta:ladder"));
    }

    private static String usage() {
        return "usage: ta:ladder [last|all|CALLID] [--svg FILE] [--with [NAME=]TRACEFILE]... [--as NAME] [--name ADDRESS=NAME]... [--unicode]";
    }
}
