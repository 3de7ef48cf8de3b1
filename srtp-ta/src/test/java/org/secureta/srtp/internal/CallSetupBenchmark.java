package org.secureta.srtp.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * Call set-up time: from {@code CallAgent.call} to the caller's Connected event (INVITE with the
 * SRTP offer over TLS through Kamailio, 100/180/200 back, key management on both sides, media
 * sockets bound and started, the ACK sent), between two units with auto-answer. Each call is
 * hung up (BYE, not measured) before the next. SampleTime: every call is timed, so JMH prints
 * the median and percentiles beside the mean; each iteration also prints the CPU per call of
 * this JVM (both units) and of Kamailio ({@link CpuPerCall}). {@link BaresipCallSetupBenchmark}
 * is the reference, measured beside it by bench/calls.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CallSetupBenchmark {

    @Param({"Sdes", "Mikey"})
    public String keyManagement;

    private Kamailio kamailio;
    private Party caller;
    private Party callee;
    private String current;

    /** Both parties' CPU: this JVM (both units, and the harness waiting). */
    private final CpuPerCall cpu = new CpuPerCall(ProcessCpu::self);

    @Setup(Level.Iteration)
    public void startCounting() {
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void printCpuPerCall() {
        cpu.print();
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        if (!Kamailio.installed()) {
            throw new IllegalStateException(Kamailio.NOT_INSTALLED);
        }
        TestCa ca = TestCa.create("SecureTA benchmark CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().user("700", "pw700").user("701", "pw701"));
        Map<String, Object> settings = Map.of("rtpMode", "Secure", "keyManagement", keyManagement, "autoAnswer", true);
        caller = Party.start(ca, kamailio, "700", settings);
        callee = Party.start(ca, kamailio, "701", settings);
    }

    @Benchmark
    public UnitEvent secureCallSetUp() throws Exception {
        int from = caller.events.size();
        current = caller.agent.call("1", callee.uriAt(kamailio));
        String id = current;
        UnitEvent outcome = caller.events.awaitAfter(from, e -> e.kind().equals(UnitEvent.CALL) && id.equals(e.get("call"))
                && ("Connected".equals(e.get("state")) || "Failed".equals(e.get("state"))), Party.WAIT);
        if (!"Connected".equals(outcome.get("state"))) {
            throw new IllegalStateException("call failed: " + outcome.toLine());
        }
        cpu.called();
        return outcome;
    }

    @TearDown(Level.Invocation)
    public void hangUp() throws Exception {
        if (current != null) {
            caller.agent.hangup(current).toCompletableFuture().get(10, TimeUnit.SECONDS);
            current = null;
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        caller.close();
        callee.close();
        kamailio.close();
    }
}
