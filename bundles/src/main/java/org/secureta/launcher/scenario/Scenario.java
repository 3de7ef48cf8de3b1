package org.secureta.launcher.scenario;

/**
 * One troubleshooting case of the guide (section 3), replayed against a local Kamailio: it sets
 * the lab up the way the case describes, and reports what happened next to what the guide says
 * should happen.
 */
public interface Scenario {

    /** The name on the command line: {@code ta scenario NAME}. */
    String name();

    /** The guide's section, e.g. {@code 3.2}; {@code annex} for its annex; {@code link} for a link failure the field reports. */
    String guideSection();

    /** One line: what the case is. */
    String title();

    /** What the guide says happens (and, where it gives one, what fixes it). */
    String expected();

    /** Sets the case up, runs it, and reports each observation. */
    Observations run(ScenarioContext context) throws Exception;
}
