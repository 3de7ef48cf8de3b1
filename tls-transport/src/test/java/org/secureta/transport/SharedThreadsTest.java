package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * Units in one JVM share their timer, event and accept threads (issue 18): a registered unit
 * holds only its link's reader (which parses too), no accept thread on its port, no JAIN-SIP
 * timer or event scanner thread and no timer threads of its own; and the shared threads still
 * serve every unit (each registers, answers, and unregisters on close). A fleet's thread budget
 * is therefore one thread per registered unit plus the shared ones.
 */
class SharedThreadsTest {

    private static final int UNITS = 8;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().connectionLifetime(Duration.ofMinutes(10)));
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    @Test
    void registeredUnitsHoldNoTimerOrEventThreadOfTheirOwn() throws Exception {
        List<SipUnit> units = new ArrayList<>();
        List<UnitEvents> events = new ArrayList<>();
        int base = FreePorts.persistentBase();
        Set<Long> before = liveThreadIds();
        try {
            for (int i = 0; i < UNITS; i++) {
                UnitEvents unitEvents = new UnitEvents();
                events.add(unitEvents);
                units.add(Units.tls(ca.credentials(null)).with("persistentBasePort", base).gateway("gw", kamailio.hostPort())
                        .line("1", Integer.toString(4200 + i), "", "gw").start(unitEvents));
            }
            for (int i = 0; i < UNITS; i++) {
                events.get(i).await(registration("1", "Registered"), WAIT);
                assertEquals(List.of("sip:" + (4200 + i) + "@127.0.0.1:" + units.get(i).localPort()), kamailio.bindings(Integer.toString(4200 + i)));
            }

            Map<String, Integer> threads = threadsByName();
            assertEquals(0, threads.getOrDefault("EventScannerThread", 0), "JAIN-SIP event scanner threads: " + threads);
            assertEquals(0, threads.keySet().stream().filter(name -> name.matches("secureta-#-#-timer")).count(),
                    "timer threads of single units: " + threads);
            assertEquals(0, threads.getOrDefault("DefaultSipTimer", 0) + threads.getOrDefault("jain_sip_timer_executor", 0),
                    "JAIN-SIP timer threads: " + threads);
            assertEquals(1, threads.getOrDefault("secureta-timer-#", 0), "one shared timer thread: " + threads);
            // What each unit still holds: its link's reader.
            assertTrue(threads.getOrDefault("TCPMessageChannelThread", 0) >= UNITS, "link readers: " + threads);
            assertEquals(0, threads.getOrDefault("PipelineThread-#", 0), "the link's reader parses, no parser thread: " + threads);
            assertEquals(1, threads.getOrDefault("secureta-accept", 0), "one shared accept thread: " + threads);
            Map<String, Integer> added = threadsByName(newThreads(before));
            // Not the units': the shared threads, and the JDK's reaper of the processes this test runs (kamctl).
            int perUnit = added.entrySet().stream().filter(e -> !e.getKey().startsWith("secureta-") && !e.getKey().equals("process reaper"))
                    .mapToInt(Map.Entry::getValue).sum();
            assertTrue(perUnit <= UNITS, "one thread per registered unit besides the shared ones: " + added);
        } finally {
            units.forEach(SipUnit::close);
        }
        for (int i = 0; i < UNITS; i++) {
            assertEquals(List.of(), kamailio.bindings(Integer.toString(4200 + i)), "unit " + i + " removed its binding on close");
        }
    }

    /** Live threads counted by name, digits replaced by '#'. */
    private static Map<String, Integer> threadsByName() {
        return threadsByName(List.of(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)));
    }

    private static Map<String, Integer> threadsByName(List<ThreadInfo> infos) {
        Map<String, Integer> names = new TreeMap<>();
        for (ThreadInfo info : infos) {
            if (info != null) {
                names.merge(info.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        return names;
    }

    private static Set<Long> liveThreadIds() {
        Set<Long> ids = new HashSet<>();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            ids.add(info.getThreadId());
        }
        return ids;
    }

    /** Threads alive now that were not alive at {@code before}. */
    private static List<ThreadInfo> newThreads(Set<Long> before) {
        List<ThreadInfo> added = new ArrayList<>();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (info != null && !before.contains(info.getThreadId())) {
                added.add(info);
            }
        }
        return added;
    }
}
