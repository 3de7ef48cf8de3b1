package org.secureta.launcher;

/** A demo step that did not give what it should: names the step and what was seen instead. */
final class StepFailure extends Exception {

    private static final long serialVersionUID = 1L;
    private final String step;

    StepFailure(String step, String why) {
        super(step + ": " + why);
        this.step = step;
    }

    String step() {
        return step;
    }
}
