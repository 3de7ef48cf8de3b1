package org.secureta.srtp.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * The reference for {@link CallSetupBenchmark}: baresip (Debian baresip-core) calling baresip
 * through the same Kamailio harness, both registered over TLS, SDES-keyed SRTP mandatory,
 * PCMU, the callee on auto-answer. Measured from the caller's {@code dial} command, written to
 * its ctrl_tcp connection, to the caller's CALL_ESTABLISHED event read from it: baresip raises
 * that event on the 200 OK, after sending the ACK (RFC 3261 13.2.2.4) and starting its SRTP
 * media, as our unit posts Connected. The control connection's two loopback hops (command in,
 * event out, a few tens of microseconds) are included; ours has none. Each call is hung up from
 * the caller (BYE, not measured) and both sides' CALL_CLOSED awaited before the next.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BaresipCallSetupBenchmark {

    static final String SHIM_PROPERTY = "secureta.bench.nodelayShim";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Param({"NoDelay", "Nagle"})
    public String tcp;

    private Kamailio kamailio;
    private Baresip caller;
    private Baresip callee;
    private BaresipControl callerControl;
    private BaresipControl calleeControl;
    private boolean established;

    /** Both parties' CPU: the two baresip processes. */
    private final CpuPerCall cpu = new CpuPerCall(() -> ProcessCpu.children("baresip"));

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
        if (!Baresip.installed()) {
            throw new IllegalStateException(Baresip.NOT_INSTALLED);
        }
        TestCa ca = TestCa.create("SecureTA benchmark CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().user("702", "pw702").user("703", "pw703"));
        Path shim = null;
        if (tcp.equals("NoDelay")) {
            shim = Path.of(System.getProperty(SHIM_PROPERTY, "srtp-ta/target/bench/nodelay_shim.so"));
            if (!Files.isReadable(shim)) {
                throw new IllegalStateException("tcp=NoDelay needs " + shim.toAbsolutePath()
                        + ": cc -O2 -shared -fPIC -o " + shim + " srtp-ta/bench/nodelay_shim.c -ldl (srtp-ta/bench/calls.sh does)");
            }
        }
        caller = Baresip.startControlled(ca, kamailio, "702", 440, shim);
        callee = Baresip.startControlled(ca, kamailio, "703", 1000, shim);
        callerControl = caller.control();
        calleeControl = callee.control();
        awaitBinding("702");
        awaitBinding("703");
    }

    @Benchmark
    public String secureCallSetUp() throws Exception {
        callerControl.command("dial", "sip:703@" + kamailio.hostPort());
        String event = callerControl.awaitEvent("CALL_ESTABLISHED", WAIT);
        established = true;
        cpu.called();
        return event;
    }

    @TearDown(Level.Invocation)
    public void hangUp() throws Exception {
        if (established) {
            established = false;
            callerControl.command("hangup", "");
            callerControl.awaitEvent("CALL_CLOSED", WAIT);
            calleeControl.awaitEvent("CALL_CLOSED", WAIT);
        }
        callerControl.drain();
        calleeControl.drain();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (callerControl != null) {
            callerControl.close();
        }
        if (calleeControl != null) {
            calleeControl.close();
        }
        caller.close();
        callee.close();
        kamailio.close();
    }

    private void awaitBinding(String user) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (kamailio.bindings(user).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("baresip " + user + " did not register: " + (user.equals("702") ? caller : callee).log());
            }
            Thread.sleep(100);
        }
    }
}
