package org.secureta.srtp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system, all threads) of processes from {@code /proc/PID/stat}, for the call
 * set-up benchmarks' CPU per call: on a shared machine the wall-clock time of a call includes the
 * waits for a core, its CPU time does not. Linux only; the kernel counts in USER_HZ ticks (100 per
 * second on Linux whatever the kernel's own HZ, proc(5)), so a figure is only as fine as 10 ms
 * divided by the calls it is shared among.
 */
final class ProcessCpu {

    private static final double MILLIS_PER_TICK = 10.0;

    private ProcessCpu() {
    }

    /** This JVM's CPU milliseconds. */
    static double self() {
        return of(ProcessHandle.current().pid());
    }

    /** The CPU milliseconds of this JVM's descendants whose command is {@code command} (kamailio, baresip), together. */
    static double children(String command) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals(command)).orElse(false))
                .mapToDouble(p -> of(p.pid())).sum();
    }

    /** 0 for a process that has gone (it ended between the listing and the reading). */
    static double of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 (utime, stime) are the 12th and 13th after the command.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
