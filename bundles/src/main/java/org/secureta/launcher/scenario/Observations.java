package org.secureta.launcher.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario saw, one line each, and whether each is what the guide says. The scenario's
 * verdict is that all of them are.
 */
public final class Observations {

    /** One observation: what happened, and whether that is the expected behaviour. */
    public record Observation(boolean asExpected, String happened) {
        @Override
        public String toString() {
            return (asExpected ? "[ok]  " : "[NOT AS EXPECTED] ") + happened;
        }
    }

    private final List<Observation> all = new ArrayList<>();

    /** Records what happened, and whether it matches the guide. */
    public Observations check(boolean asExpected, String happened) {
        all.add(new Observation(asExpected, happened));
        return this;
    }

    public List<Observation> all() {
        return List.copyOf(all);
    }

    /** True when there is at least one observation and each is what the guide says. */
    public boolean asExpected() {
        return !all.isEmpty() && all.stream().allMatch(Observation::asExpected);
    }
}
