package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.proxykit.EachProxy;
import org.secureta.proxykit.FreePorts;
import org.secureta.proxykit.Proxy;
import org.secureta.proxykit.ProxyProcess;

/** The proxy kit on each proxy: ready when it listens, managed over its own control endpoint, gone when closed, and a clear error when it cannot start. */
class ProxyProcessIT {

    @TempDir
    Path dir;

    @EachProxy.Test
    void itListensOnTheGeneratedTlsSocketUntilClosedAndAnswersItsManagementInterface(Proxy proxy) throws Exception {
        InetSocketAddress address;
        try (ProxyLab lab = ProxyLab.create(proxy, SecureCallThroughProxyIT.DIST, dir, List.of("unit1"), System.out)) {
            ProxyProcess running = lab.startProxy(java.util.Map.of("unit1",
                    UnitProfile.tlsLine("100", "runner-pw", lab.registrar(), lab.ports().next())));
            address = running.listening();
            assertTrue(running.isRunning());
            try (Socket s = new Socket()) {
                s.connect(address, 1000);
            }
            String version = running.manage(proxy == Proxy.KAMAILIO ? "core.version" : "version");
            assertTrue(version.contains(proxy == Proxy.KAMAILIO ? "kamailio " : "\"Server\":\"OpenSIPS (3."),
                    "reached over its own control endpoint (kamcmd socket / MI FIFO): " + version);
            assertTrue(running.bindings("100").isEmpty(), "nothing registered yet");
        }
        try (Socket s = new Socket()) {
            assertThrows(IOException.class, () -> s.connect(address, 1000), "stopped with the lab: nothing listens any more");
        }
    }

    @EachProxy.Test
    void aConfigurationTheProxyRefusesIsReportedWithTheEndOfItsLog(Proxy proxy) throws Exception {
        Path cfg = dir.resolve("broken.cfg");
        int port = new FreePorts().next();
        Files.writeString(cfg, (proxy == Proxy.KAMAILIO ? "#!KAMAILIO\nlisten=tls:127.0.0.1:" + port
                : "socket=tls:127.0.0.1:" + port + "\nloadmodule \"mi_fifo.so\"\nmodparam(\"mi_fifo\", \"fifo_name\", \""
                + dir.resolve("fifo") + "\")") + "\nthis is not a directive;\n");
        IOException e = assertThrows(IOException.class, () -> ProxyProcess.start(proxy, proxy.find().orElseThrow(), cfg,
                new InetSocketAddress("127.0.0.1", port), dir.resolve("run"), Duration.ofSeconds(15)));
        assertTrue(e.getMessage().startsWith(proxy.command() + " exited with code "), e.getMessage());
        assertTrue(e.getMessage().contains("broken.cfg") || e.getMessage().contains("parse error") || e.getMessage().contains("syntax error"),
                "the log's parse error is shown: " + e.getMessage());
    }
}
