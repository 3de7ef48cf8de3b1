package org.secureta.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's progress on the terminal: one {@code ==>} line per step as it starts, {@code ok}
 * or {@code FAILED} with the reason when it ends; failed steps are kept for the report.
 */
final class Steps {

    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    private final PrintStream out;
    private final List<String> failures = new ArrayList<>();

    Steps(PrintStream out) {
        this.out = out;
    }

    /** Runs one step; a failure is recorded and rethrown, for steps the next ones depend on. */
    <T> T run(String name, Step<T> step) throws StepFailure {
        out.println("==> " + name);
        try {
            T result = step.run();
            out.println("    ok");
            return result;
        } catch (StepFailure e) {
            record(e);
            throw e;
        } catch (Exception e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            StepFailure failure = new StepFailure(name, cause.getMessage() == null ? cause.toString() : cause.getMessage());
            record(failure);
            throw failure;
        }
    }

    void info(String line) {
        out.println("    " + line);
    }

    /** Records a failure found outside {@link #run} (a check on a finished step's results). */
    void fail(String step, String why) {
        record(new StepFailure(step, why));
    }

    private void record(StepFailure failure) {
        String line = failure.getMessage();
        if (!failures.contains(line)) {
            failures.add(line);
            out.println("!!! FAILED " + line);
        }
    }

    List<String> failures() {
        return List.copyOf(failures);
    }
}
