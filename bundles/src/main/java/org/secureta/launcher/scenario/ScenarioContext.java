package org.secureta.launcher.scenario;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a scenario runs with.
 *
 * @param distribution the SecureTA distribution (bundles, proxy tools)
 * @param dir the scenario's folder: kit, proxy configuration, units' homes, captures; kept afterwards
 * @param out progress lines for the engineer
 */
public record ScenarioContext(Path distribution, Path dir, PrintStream out) {

    /** A Kamailio lab for these units that draws the message ladder of the scenario when closed. */
    public KamailioLab lab(java.util.List<String> unitNames) throws Exception {
        return KamailioLab.create(distribution, dir, unitNames, out).withLadderAtClose();
    }

    /** Prints a progress line. */
    public void step(String what) {
        out.println("--> " + what);
    }
}
