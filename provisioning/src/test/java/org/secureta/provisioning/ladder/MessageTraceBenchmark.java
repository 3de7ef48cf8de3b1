package org.secureta.provisioning.ladder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.secureta.provisioning.ladder.internal.MessageTraceComponent;
import org.secureta.transport.SipMessageRecord;

/**
 * What the ladder costs: the transport thread's share (one message into the trace: redaction,
 * ring slot), alone and with four transport threads at once, and the reader's share (ladders of
 * a full 2000-message trace, the Status page's SVG of three calls, ta:ladder's text).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageTraceBenchmark {

    private MessageTraceComponent trace;
    private SipMessageRecord inviteWithSdes;
    private SipMessageRecord trying;
    private MessageTraceComponent full;
    private List<Ladder> recent;

    @Setup
    public void setUp() {
        trace = new MessageTraceComponent(MessageTraceComponent.DEFAULT_CAPACITY);
        List<SipMessageRecord> call = SipExchanges.sdesCall("bench@ta", true, 0);
        inviteWithSdes = call.get(0);
        trying = call.get(1);
        full = new MessageTraceComponent(MessageTraceComponent.DEFAULT_CAPACITY);
        // 2000 messages: 143 calls of 7 messages, then the ring is full
        for (int i = 0; i < 286; i++) {
            SipExchanges.sdesCall("call-" + i + "@ta", i % 2 == 0, i * 1000L).forEach(full::messageSeen);
        }
        recent = Ladders.recentCalls(full.ladders(), 3);
    }

    @Benchmark
    public void reportInviteWithSdes() {
        trace.messageSeen(inviteWithSdes);
    }

    @Benchmark
    public void reportResponseWithoutBody() {
        trace.messageSeen(trying);
    }

    @Benchmark
    @Threads(4)
    public void reportInviteWithSdesFourTransportThreads() {
        trace.messageSeen(inviteWithSdes);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<Ladder> laddersOfAFullTrace() {
        return full.ladders();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String statusPageSvgOfThreeCalls() {
        StringBuilder s = new StringBuilder();
        for (Ladder l : recent) {
            s.append(SvgLadder.element(List.of(l)));
        }
        return s.toString();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String textOfTheLastCall() {
        return TextLadder.ascii().render(new ArrayList<>(recent.subList(2, 3)));
    }
}
