package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;

/**
 * The packaged bundle in a real Felix with SCR, ConfigAdmin and EventAdmin: configured through
 * ConfigAdmin as provisioning does, it starts JAIN-SIP embedded inside it (whose plug-ins are
 * loaded by class name) and registers the line with a real Kamailio; stopping it unregisters.
 */
class SipTransportBundleIT {

    private static final List<String> BUNDLES = List.of("org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component", "org.apache.felix.scr",
            "org.apache.felix.configadmin", "org.apache.felix.eventadmin", "bcprov-jdk18on", "bcutil-jdk18on", "bcpkix-jdk18on", "bctls-jdk18on");

    @Test
    void theBundleStartsInFelixAndRegistersTheConfiguredLine() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        Path storage = Files.createTempDirectory("felix-");
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.storage", storage.toString());
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        Framework framework = new FrameworkFactory().newFramework(properties);
        try (Kamailio kamailio = Kamailio.start(TestCa.create("ca"), new Kamailio.Options().udpOnly().user("100", "secret"))) {
            framework.start();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (String name : BUNDLES) {
                installed.add(context.installBundle(jar(name).toURI().toString()));
            }
            Bundle transport = context.installBundle(bundleJar().toUri().toString());
            installed.add(transport);
            for (Bundle bundle : installed) {
                bundle.start();
            }
            context.registerService(Clock.class, Clock.systemUTC(), usableClock(true));
            assertEquals(Bundle.ACTIVE, transport.getState());

            Object configurationAdmin = service(context, "org.osgi.service.cm.ConfigurationAdmin");
            update(factoryConfiguration(configurationAdmin, GatewayConfiguration.FACTORY_PID, "gw"), Map.of(
                    "name", "gw", "registrarHost", kamailio.hostPort(), "port", FreePorts.tcpAndUdp()));
            update(factoryConfiguration(configurationAdmin, LineConfiguration.FACTORY_PID, "1"), Map.of(
                    "endpointId", "1", "username", "100", "gatewayName", "gw", ".authPassword", "secret"));
            Method getConfiguration = configurationAdmin.getClass().getMethod("getConfiguration", String.class, String.class);
            getConfiguration.setAccessible(true);
            update(getConfiguration.invoke(configurationAdmin, TransportConfiguration.PID, "?"),
                    Map.of("transport", "UDP", "localAddress", "127.0.0.1"));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (kamailio.bindings("100").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, kamailio.bindings("100").size(), "binding stored by Kamailio; its log:\n" + kamailio.log());
            assertNotNull(service(context, "org.secureta.transport.SipTransport"));

            transport.stop();
            assertEquals(List.of(), kamailio.bindings("100"), "stopping the bundle removed the binding");
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void overTlsWithCertificatesFromAServiceAndTheKeyLogOnTheBundleRegistersTheLine() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        TestCa ca = TestCa.create("ca");
        Path storage = Files.createTempDirectory("felix-");
        Path keyLog = storage.resolve("keys.log");
        Framework framework = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage", storage.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"))) {
            framework.start();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (String name : BUNDLES) {
                installed.add(context.installBundle(jar(name).toURI().toString()));
            }
            Bundle transport = context.installBundle(bundleJar().toUri().toString());
            installed.add(transport);
            for (Bundle bundle : installed) {
                bundle.start();
            }
            context.registerService(Clock.class, Clock.systemUTC(), usableClock(true));
            // The certificate service's part, played by the test CA, typed with the bundle's own interface.
            TlsCredentials credentials = ca.credentials(null);
            Class<?> credentialsType = transport.loadClass(TlsCredentials.class.getName());
            Object service = java.lang.reflect.Proxy.newProxyInstance(credentialsType.getClassLoader(), new Class<?>[] {credentialsType},
                    (proxy, method, args) -> method.getName().equals("trustManager") ? credentials.trustManager()
                            : method.getName().equals("keyManager") ? credentials.keyManager()
                            : method.getName().equals("toString") ? "test credentials" : method.invoke(credentials, args));
            context.registerService(credentialsType.getName(), service, null);

            Object configurationAdmin = service(context, "org.osgi.service.cm.ConfigurationAdmin");
            update(factoryConfiguration(configurationAdmin, GatewayConfiguration.FACTORY_PID, "gw"), Map.of(
                    "name", "gw", "registrarHost", kamailio.hostPort()));
            update(factoryConfiguration(configurationAdmin, LineConfiguration.FACTORY_PID, "1"), Map.of(
                    "endpointId", "1", "username", "100", "gatewayName", "gw", ".authPassword", "secret"));
            Method getConfiguration = configurationAdmin.getClass().getMethod("getConfiguration", String.class, String.class);
            getConfiguration.setAccessible(true);
            update(getConfiguration.invoke(configurationAdmin, TransportConfiguration.PID, "?"), Map.of(
                    "transport", "TLS", "localAddress", "127.0.0.1", "tlsVersion", "TLSv1_2", "cipherSuite", "CS3",
                    "persistentBasePort", FreePorts.persistentBase(), "registrationTransportParameter", true,
                    "tlsKeyLogFile", keyLog.toString()));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (kamailio.bindings("100").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<String> bindings = kamailio.bindings("100");
            assertEquals(1, bindings.size(), "binding stored by Kamailio; its log:\n" + kamailio.log());
            org.junit.jupiter.api.Assertions.assertTrue(bindings.get(0).endsWith(";transport=tls"), bindings.get(0));
            org.junit.jupiter.api.Assertions.assertTrue(Files.readString(keyLog).contains("CLIENT_TRAFFIC_SECRET_0 "),
                    "Bouncy Castle's JSSE works inside the framework");
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void theTransportWaitsForAUsableUnitClockAndShowsEveryMessageToTheListenerServices() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        Path storage = Files.createTempDirectory("felix-");
        Framework framework = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage", storage.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        try (Kamailio kamailio = Kamailio.start(TestCa.create("ca"), new Kamailio.Options().udpOnly().user("100", "secret"))) {
            framework.start();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (String name : BUNDLES) {
                installed.add(context.installBundle(jar(name).toURI().toString()));
            }
            Bundle transport = context.installBundle(bundleJar().toUri().toString());
            installed.add(transport);
            for (Bundle bundle : installed) {
                bundle.start();
            }
            List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
            Class<?> handlerType = transport.loadClass("org.osgi.service.event.EventHandler");
            Object handler = java.lang.reflect.Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handleEvent")) {
                            Method property = args[0].getClass().getMethod("getProperty", String.class);
                            states.add(property.invoke(args[0], "state") + " " + property.invoke(args[0], "reason"));
                        }
                        return method.getName().equals("toString") ? "test handler" : null;
                    });
            context.registerService(handlerType.getName(), handler, new Hashtable<>(Map.of("event.topics", "org/secureta/unit/TRANSPORT")));
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Class<?> listenerType = transport.loadClass(SipMessageListener.class.getName());
            Object broken = java.lang.reflect.Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                    (proxy, method, args) -> {
                        if (method.getName().equals("messageSeen")) {
                            throw new IllegalStateException("a broken listener");
                        }
                        return method.getName().equals("toString") ? "broken listener" : null;
                    });
            Object recording = java.lang.reflect.Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                    (proxy, method, args) -> {
                        if (method.getName().equals("messageSeen")) {
                            Object record = args[0];
                            seen.add(record.getClass().getMethod("direction").invoke(record) + " "
                                    + record.getClass().getMethod("firstLine").invoke(record) + " "
                                    + record.getClass().getMethod("security").invoke(record));
                        }
                        return method.getName().equals("toString") ? "recording listener" : null;
                    });
            context.registerService(listenerType.getName(), broken, null);
            context.registerService(listenerType.getName(), recording, null);
            ServiceRegistration<Clock> clock = context.registerService(Clock.class, Clock.systemUTC(), usableClock(false));

            Object configurationAdmin = service(context, "org.osgi.service.cm.ConfigurationAdmin");
            update(factoryConfiguration(configurationAdmin, GatewayConfiguration.FACTORY_PID, "gw"), Map.of(
                    "name", "gw", "registrarHost", kamailio.hostPort(), "port", FreePorts.tcpAndUdp()));
            update(factoryConfiguration(configurationAdmin, LineConfiguration.FACTORY_PID, "1"), Map.of(
                    "endpointId", "1", "username", "100", "gatewayName", "gw", ".authPassword", "secret"));
            Method getConfiguration = configurationAdmin.getClass().getMethod("getConfiguration", String.class, String.class);
            getConfiguration.setAccessible(true);
            update(getConfiguration.invoke(configurationAdmin, TransportConfiguration.PID, "?"),
                    Map.of("transport", "UDP", "localAddress", "127.0.0.1"));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (states.stream().noneMatch(s -> s.startsWith("WaitingForClock")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            org.junit.jupiter.api.Assertions.assertTrue(states.stream().anyMatch(s -> s.startsWith("WaitingForClock waiting for a synchronised clock")),
                    "the status says why the transport is not there: " + states);
            Thread.sleep(1000);
            assertNull(context.getAllServiceReferences("org.secureta.transport.SipTransport", null), "no transport before the clock is usable");
            assertEquals(List.of(), kamailio.bindings("100"));

            clock.setProperties(usableClock(true));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (kamailio.bindings("100").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, kamailio.bindings("100").size(), "registered once the clock is usable; Kamailio's log:\n" + kamailio.log());
            org.junit.jupiter.api.Assertions.assertTrue(seen.stream().anyMatch(m -> m.startsWith("SENT REGISTER sip:127.0.0.1") && m.endsWith(" none")),
                    "the listener saw the REGISTER although another listener threw: " + seen);
            org.junit.jupiter.api.Assertions.assertTrue(seen.contains("RECEIVED SIP/2.0 200 OK none"), seen.toString());
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void aChangedRegistrarReRegistersTheLineThereAndADeletedLineUnregisters() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        Path storage = Files.createTempDirectory("felix-");
        Framework framework = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage", storage.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        try (Kamailio first = Kamailio.start(TestCa.create("ca"), new Kamailio.Options().udpOnly().user("100", "secret"));
             Kamailio second = Kamailio.start(TestCa.create("ca"), new Kamailio.Options().udpOnly().user("100", "secret"))) {
            framework.start();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (String name : BUNDLES) {
                installed.add(context.installBundle(jar(name).toURI().toString()));
            }
            installed.add(context.installBundle(bundleJar().toUri().toString()));
            for (Bundle bundle : installed) {
                bundle.start();
            }
            context.registerService(Clock.class, Clock.systemUTC(), usableClock(true));
            Object configurationAdmin = service(context, "org.osgi.service.cm.ConfigurationAdmin");
            Object gateway = factoryConfiguration(configurationAdmin, GatewayConfiguration.FACTORY_PID, "gw");
            int localPort = FreePorts.tcpAndUdp();
            update(gateway, Map.of("name", "gw", "registrarHost", first.hostPort(), "port", localPort));
            Object line = factoryConfiguration(configurationAdmin, LineConfiguration.FACTORY_PID, "1");
            update(line, Map.of("endpointId", "1", "username", "100", "gatewayName", "gw", ".authPassword", "secret"));
            Method getConfiguration = configurationAdmin.getClass().getMethod("getConfiguration", String.class, String.class);
            getConfiguration.setAccessible(true);
            update(getConfiguration.invoke(configurationAdmin, TransportConfiguration.PID, "?"),
                    Map.of("transport", "UDP", "localAddress", "127.0.0.1"));
            awaitBindings(first, 1);

            update(gateway, Map.of("name", "gw", "registrarHost", second.hostPort(), "port", localPort));

            awaitBindings(second, 1);
            awaitBindings(first, 0);

            Method delete = line.getClass().getMethod("delete");
            delete.setAccessible(true);
            delete.invoke(line);

            awaitBindings(second, 0);
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static void awaitBindings(Kamailio kamailio, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (kamailio.bindings("100").size() != count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(count, kamailio.bindings("100").size(), "bindings of 100 at " + kamailio.hostPort() + "; its log:\n" + kamailio.log());
    }

    /** The service properties of provisioning's unit clock (TimeComponent). */
    private static Dictionary<String, Object> usableClock(boolean usable) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("secureta.clock", "unit");
        properties.put("secureta.clock.synchronised", usable);
        properties.put("secureta.clock.usable", usable);
        return properties;
    }

    private static Object service(BundleContext context, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            // All references: the services' classes are the bundles', not this class path's.
            ServiceReference<?>[] references = context.getAllServiceReferences(name, null);
            if (references != null) {
                return context.getService(references[0]);
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " not registered");
    }

    /** ConfigAdmin's classes are the bundle's, not ours: call it reflectively. */
    private static Object factoryConfiguration(Object configurationAdmin, String factoryPid, String name) throws Exception {
        Method method = configurationAdmin.getClass().getMethod("getFactoryConfiguration", String.class, String.class, String.class);
        method.setAccessible(true);
        return method.invoke(configurationAdmin, factoryPid, name, "?");
    }

    private static void update(Object configuration, Map<String, Object> values) throws Exception {
        Dictionary<String, Object> dictionary = new Hashtable<>(values);
        Method update = configuration.getClass().getMethod("update", Dictionary.class);
        update.setAccessible(true);
        update.invoke(configuration, dictionary);
    }

    private static File jar(String artifact) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (new File(entry).getName().startsWith(artifact + "-") && entry.endsWith(".jar")) {
                return new File(entry);
            }
        }
        throw new AssertionError(artifact + " not on the test class path");
    }

    private static Path bundleJar() throws Exception {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("tls-transport-.*\\.jar")
                            && !f.getFileName().toString().contains("tests")).findFirst()
                    .orElseThrow(() -> new AssertionError("the bundle is not packaged yet (run mvn verify)"));
        }
    }
}
