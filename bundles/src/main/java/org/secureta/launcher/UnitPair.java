package org.secureta.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The two running units of the demo, and whatever else their topology started (the SNTP
 * server, a proxy), closed with them.
 */
record UnitPair(RunningUnit a, RunningUnit b, List<AutoCloseable> alsoRunning) implements AutoCloseable {

    List<RunningUnit> both() {
        return List.of(a, b);
    }

    @Override
    public void close() throws Exception {
        List<Exception> problems = new ArrayList<>();
        List<AutoCloseable> all = new ArrayList<>();
        all.add(a);
        all.add(b);
        all.addAll(alsoRunning);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }
}
