package org.secureta.launcher.scenario;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a scenario runs with.
 *
 * @param distribution the SecureTA distribution (bundles, proxy tools)
 * @param dir the scenario's folder: kit, proxy configuration, units' homes, captures; kept afterwards
 * @param out progress lines for the engineer
 * @param proxy the proxy the case is replayed against ({@code --proxy kamailio|opensips})
 */
public record ScenarioContext(Path distribution, Path dir, PrintStream out, org.secureta.proxykit.Proxy proxy) {

    /** A lab with this context's proxy for these units that draws the message ladder of the scenario when closed. */
    public ProxyLab lab(java.util.List<String> unitNames) throws Exception {
        return ProxyLab.create(proxy, distribution, dir, unitNames, out).withLadderAtClose();
    }

    /** Prints a progress line. */
    public void step(String what) {
        out.println("--> " + what);
    }
}
