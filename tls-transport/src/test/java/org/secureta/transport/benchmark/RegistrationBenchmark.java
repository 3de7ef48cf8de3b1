package org.secureta.transport.benchmark;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipResponse;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * Registration over TLS against a real Kamailio on loopback: how long a unit takes from start to
 * Registered (TLS handshake, REGISTER, 401 challenge, authenticated REGISTER), and how many
 * REGISTER transactions one persistent link carries per second, one after the other.
 *
 * <pre>
 * mvn -o -q -pl tls-transport test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp tls-transport/target/test-classes:tls-transport/target/classes:$(cat tls-transport/target/cp.txt) \
 *      org.openjdk.jmh.Main RegistrationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class RegistrationBenchmark {

    @Param({"CS1", "CS3"})
    public String cipherSuite;

    private TestCa ca;
    private Kamailio kamailio;
    /** Without authentication: one REGISTER is one transaction. */
    private Kamailio openRegistrar;
    private SipUnit registered;

    @Setup(Level.Trial)
    public void startServerAndOneRegisteredUnit() throws Exception {
        if (!Kamailio.installed()) {
            throw new IllegalStateException(Kamailio.NOT_INSTALLED);
        }
        ca = TestCa.create("SecureTA benchmark CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"));
        UnitEvents events = new UnitEvents();
        openRegistrar = Kamailio.start(ca, new Kamailio.Options());
        registered = unit("101", "", openRegistrar).start(events);
        events.await(UnitEvents.link("gw", "Up"), Duration.ofSeconds(10));
    }

    private Units unit(String user, String password, Kamailio server) throws Exception {
        Units units = Units.tls(ca.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                .with("cipherSuite", cipherSuite).gateway("gw", server.hostPort());
        return password.isEmpty() ? units.quietLine("1", user, "gw") : units.line("1", user, password, "gw");
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (registered != null) {
            registered.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
        if (openRegistrar != null) {
            openRegistrar.close();
        }
    }

    /** The unit a timeToRegistered invocation started, closed (unregistered) outside the measurement. */
    @State(Scope.Thread)
    public static class Started {
        SipUnit unit;

        @TearDown(Level.Invocation)
        public void close() {
            if (unit != null) {
                unit.close();
                unit = null;
            }
        }
    }

    /**
     * Start to Registered: SIP stack and TLS context creation, TCP connect, TLS handshake,
     * REGISTER, 401, REGISTER with credentials, 200.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object timeToRegistered(Started started) throws Exception {
        UnitEvents events = new UnitEvents();
        started.unit = unit("100", "secret", kamailio).start(events);
        return events.await(UnitEvents.registration("1", "Registered"), Duration.ofSeconds(10));
    }

    /** One REGISTER transaction (no challenge for this user) over the established link, answered 200 by Kamailio. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public SipResponse registerTransactionsPerSecond() throws Exception {
        SipResponse answer = registered.sendRequest("1", OutgoingRequest.of("REGISTER", "sip:" + openRegistrar.hostPort()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("REGISTER answered " + answer);
        }
        return answer;
    }
}
