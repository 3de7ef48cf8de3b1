package org.secureta.srtp.internal;

import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The CPU per call of one JMH iteration of a call set-up benchmark, printed at its end as
 * {@code CPU per call: parties X ms, kamailio Y ms, N calls} (bench/summarize_calls.py reads it):
 * both parties' CPU (the caller's and the callee's, set-up and hang-up) and the proxy's, divided by
 * the calls placed in the iteration.
 */
final class CpuPerCall {

    private final DoubleSupplier parties;
    private double partiesAtStart;
    private double proxyAtStart;
    private int calls;

    /** {@code parties}: the parties' CPU milliseconds so far. */
    CpuPerCall(DoubleSupplier parties) {
        this.parties = parties;
    }

    void start() {
        calls = 0;
        partiesAtStart = parties.getAsDouble();
        proxyAtStart = ProcessCpu.children("kamailio");
    }

    void called() {
        calls++;
    }

    void print() {
        if (calls == 0) {
            return;
        }
        System.out.println(String.format(Locale.ROOT, "CPU per call: parties %.3f ms, kamailio %.3f ms, %d calls",
                (parties.getAsDouble() - partiesAtStart) / calls, (ProcessCpu.children("kamailio") - proxyAtStart) / calls, calls));
    }
}
