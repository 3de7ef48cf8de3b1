package org.secureta.launcher;

/**
 * How the demo's two units reach each other: {@link BackToBack} (the guide's "two units, no
 * proxy in the middle"), or through a proxy (Kamailio or OpenSIPS, {@code ta demo --proxy kamailio|opensips}: a
 * topology that generates the proxy's configuration with opensips-config, starts it, and starts
 * the units registered to it). Whatever the topology, the same {@link CallScript} then runs on
 * the pair it returns.
 */
interface DemoTopology {

    /** One line for the report, e.g. "two units back to back over TLS, no proxy". */
    String describe();

    /** What each TLS link's certificate check was, for the report (lines of about 100 characters). */
    java.util.List<String> certificateChecks();

    /** Makes certificates and profiles, starts both units and waits until they can call each other. */
    UnitPair start(Steps steps) throws StepFailure;

    /** Names of the ladder's columns that are no unit ({@code ADDRESS -> Kamailio}), known once started. */
    default java.util.Map<String, String> ladderNames() {
        return java.util.Map.of();
    }
}
