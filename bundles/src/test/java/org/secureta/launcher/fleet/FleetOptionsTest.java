package org.secureta.launcher.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetOptionsTest {

    @Test
    void aFullCommandLineIsRead() {
        FleetOptions o = FleetOptions.parse(List.of("t.profile", "--units", "50", "--first-user", "2000", "--proxy", "kamailio",
                "--calls-per-second", "2.5", "--call-seconds", "4", "--duration", "20", "--csv", "out.csv", "--shard", "1/3",
                "--max-failed-percent", "1", "--max-setup-p95-ms", "800"));
        assertEquals(Path.of("t.profile"), o.template());
        assertEquals(50, o.units());
        assertEquals(2000, o.firstUser().getAsInt());
        assertEquals("kamailio", o.proxy().orElseThrow());
        assertEquals(2.5, o.callsPerSecond());
        assertEquals(4, o.callSeconds());
        assertEquals(20, o.durationSeconds());
        assertEquals(Path.of("out.csv"), o.csv().orElseThrow());
        assertEquals(new Shard(1, 3), o.shard());
        assertEquals(1.0, o.maxFailedPercent().getAsDouble());
        assertEquals(800.0, o.maxSetupP95Ms().getAsDouble());
        assertEquals(100.0, o.minRegisteredPercent());
        assertTrue(o.metricsPort().isEmpty(), "no metrics unless asked for");
        assertTrue(o.proxyWorkers().isEmpty(), "the proxy sized for the units unless asked otherwise");
    }

    @Test
    void theOwnProxysWorkersAndTheRampCanBeGiven() {
        FleetOptions o = FleetOptions.parse(List.of("t.profile", "--units", "600", "--proxy", "kamailio", "--proxy-workers", "4",
                "--register-rate", "12.5"));
        assertEquals(4, o.proxyWorkers().getAsInt());
        assertEquals(12.5, o.registerRate().getAsDouble());
    }

    @Test
    void metricsAreServedOnLoopbackUnlessAnAddressIsGiven() {
        FleetOptions local = FleetOptions.parse(List.of("t.profile", "--units", "5", "--metrics-port", "9464"));
        assertEquals(9464, local.metricsPort().getAsInt());
        assertEquals("127.0.0.1", local.metricsAddress());
        FleetOptions pod = FleetOptions.parse(List.of("t.profile", "--units", "5", "--metrics-port", "0", "--metrics-address", "0.0.0.0"));
        assertEquals("0.0.0.0", pod.metricsAddress());
    }

    /** Each bad command line is refused before anything starts, with the option it is about named. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "--units 5; give the TEMPLATE",
            "t.profile; give --units N",
            "t.profile --units 0; --units must be 1 to 100000",
            "t.profile --units many; --units takes a whole number, not 'many'",
            "t.profile --units; --units needs a value",
            "t.profile --units 5 --proxy asterisk; --proxy takes kamailio or opensips, not 'asterisk'",
            "t.profile --units 5 --calls-per-second 2; --calls-per-second needs --duration",
            "t.profile --units 5 --calls-per-second 0 --duration 5; --calls-per-second must be above 0",
            "t.profile --units 5 --calls-per-second 5000 --duration 5; --calls-per-second must be above 0 and at most 1000",
            "t.profile --units 1 --calls-per-second 1 --duration 5; at least 2 units",
            "t.profile --units 5 --call-seconds 3; --call-seconds needs --calls-per-second",
            "t.profile --units 5 --max-failed-percent 5; give --calls-per-second too",
            "t.profile --units 5 --calls-per-second 1 --duration 5 --max-failed-percent 150; --max-failed-percent must be 0 to 100",
            "t.profile --units 5 --calls-per-second 1 --duration 5 --max-setup-p95-ms -3; --max-setup-p95-ms must be above 0",
            "t.profile --units 5 --shard 5/5; --shard I/N: I must be 0 to 4",
            "t.profile --units 2 --shard 0/3; holds no unit",
            "t.profile --units 5 --interval 0; --interval must be 1 to 3600",
            "t.profile --units 5 --duration 0; --duration must be 1",
            "t.profile --units 5 --frobnicate; unknown option --frobnicate",
            "t.profile --units 5 --metrics-port 70000; --metrics-port must be 0 (a free port) to 65535",
            "t.profile --units 5 --metrics-address 0.0.0.0; --metrics-address needs --metrics-port",
            "t.profile --units 5 --proxy kamailio --proxy-workers 0; --proxy-workers must be 1 to 64",
            "t.profile --units 5 --proxy-workers 4; --proxy-workers sizes the fleet's own proxy: give --proxy",
            "t.profile --units 5 --register-rate 0; --register-rate must be above 0",
            "t.profile other.profile --units 5; one TEMPLATE profile"})
    void badArgumentsAreRefusedSayingWhich(String line, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FleetOptions.parse(List.of(line.split(" "))));
        assertTrue(e.getMessage().contains(message), "'" + e.getMessage() + "' should say '" + message + "'");
    }
}
