package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.osgi.framework.launch.Framework;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.FreePorts;
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
