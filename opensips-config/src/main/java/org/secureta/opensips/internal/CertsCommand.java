package org.secureta.opensips.internal;

import java.io.IOException;
import java.security.KeyPair;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.secureta.opensips.Cli;
import org.secureta.opensips.internal.Arguments.UsageException;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.CertificateSpec;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyType;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.PkiException;
import org.secureta.transport.pki.SubjectAltNames;
import org.secureta.transport.pki.Validity;

/**
 * {@code certs}: a lab PKI for a proxy and its units, made with the PKI toolbox's
 * {@link CertificateKit}: a CA, the proxy's server certificate naming every address and name the
 * units are configured with (SAN: what the units' HostName check compares), and a Host
 * certificate per unit. The files are laid out the way they are installed:
 * <pre>
 * OUT/ca/ca.crt, ca.key                         the CA; its key stays here
 * OUT/proxy/proxy.crt, proxy.key, ca.crt        the proxy's --cert-dir
 * OUT/units/NAME/certs/host/NAME.crt, NAME.key  copy certs/ into the unit's HOME
 * OUT/units/NAME/certs/other/ca.crt
 * </pre>
 */
public final class CertsCommand {

    public static final String NAME = "certs";
    public static final String USAGE = "usage: " + NAME + " --out DIR --proxy-host HOST_OR_IP [--proxy-host ...] [--unit NAME[=HOST_OR_IP,...]]...\n"
            + "             [--ca-name NAME] [--days N] [--key rsa|ec]\n"
            + "  makes a CA, a server certificate for the proxy (every --proxy-host in its SAN) and a Host\n"
            + "  certificate per --unit (with =HOSTS: those in its SAN, for units that serve TLS to other\n"
            + "  units directly; without: 127.0.0.1 and NAME, where its web pages answer), and prints which\n"
            + "  file goes where\n";
    static final String DEFAULT_CA_NAME = "SecureTA lab CA";
    static final int DEFAULT_DAYS = 365;
    static final int MAX_DAYS = 36500;
    /** A unit name that can also be a DNS name (RFC 1123 section 2.1: no '_'). */
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern UNIT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private CertsCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        Request request;
        try {
            request = Request.of(Arguments.parse(NAME, args, Set.of("out", "ca-name", "days", "key"), Set.of("proxy-host", "unit")));
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return Cli.BAD_INPUT;
        }
        Path caKey = request.out.resolve("ca").resolve("ca.key");
        if (Files.exists(caKey)) {
            err.println(NAME + ": " + request.out + " already holds a kit (" + caKey + "); choose another --out, or remove it first");
            return Cli.BAD_INPUT;
        }
        try {
            CertificateKit kit = new CertificateKit(clock);
            Validity validity = Validity.startingNow(clock, request.days);
            CertificateSpec caSpec = CertificateSpec.certificateAuthority(request.caName).withValidity(validity).withKeyType(request.key);
            CertificateSpec proxySpec = CertificateSpec.server(request.proxyHosts.get(0), request.proxyHosts.toArray(String[]::new))
                    .withValidity(validity).withKeyType(request.key);
            Map<String, List<String>> hostsOf = new LinkedHashMap<>();
            List<CertificateSpec> specs = new ArrayList<>(List.of(caSpec, proxySpec));
            for (String unit : request.units) {
                List<String> unitHosts = request.unitHosts.getOrDefault(unit, defaultUnitHosts(unit));
                hostsOf.put(unit, unitHosts);
                specs.add(CertificateSpec.host(unit, unitHosts.toArray(String[]::new)).withValidity(validity).withKeyType(request.key));
            }
            List<KeyPair> keys = keyPairs(kit, specs);
            IssuedCertificate ca = kit.selfSigned(caSpec, keys.get(0));
            IssuedCertificate proxy = kit.issue(proxySpec, ca, keys.get(1));

            Path caDir = Files.createDirectories(request.out.resolve("ca"));
            PemFiles.writeCertificate(caDir.resolve("ca.crt"), ca.certificate());
            PemFiles.writePrivateKey(caKey, ca.privateKey());

            Path proxyDir = Files.createDirectories(request.out.resolve("proxy"));
            PemFiles.writeCertificate(proxyDir.resolve(ProxyPlan.CertificateFiles.CERTIFICATE), proxy.certificate());
            PemFiles.writePrivateKey(proxyDir.resolve(ProxyPlan.CertificateFiles.PRIVATE_KEY), proxy.privateKey());
            PemFiles.writeCertificate(proxyDir.resolve(ProxyPlan.CertificateFiles.CA_LIST), ca.certificate());

            out.println("Certificate kit in " + request.out + " (CA \"" + request.caName + "\", " + describe(request.key)
                    + " keys, valid " + request.days + " days from " + validity.notBefore() + "):");
            out.println();
            out.println("Proxy (OpenSIPS/Kamailio), give `opensips-config --cert-dir " + proxyDir + "`:");
            out.println("  " + proxyDir.resolve("proxy.crt") + "   server certificate, SAN " + sanText(request.proxyHosts));
            out.println("  " + proxyDir.resolve("proxy.key") + "   its private key (owner-only)");
            out.println("  " + proxyDir.resolve("ca.crt") + "      CA list: verifies the units' Host certificates");
            out.println();
            out.println("Every unit: " + caDir.resolve("ca.crt") + " -> HOME/certs/other/ (an \"Other\" certificate: the unit");
            out.println("  trusts the proxy through it; with HostName validation the unit's registrar host must be one of");
            out.println("  the proxy's SAN above)");
            for (int u = 0; u < request.units.size(); u++) {
                String unit = request.units.get(u);
                List<String> unitHosts = hostsOf.get(unit);
                IssuedCertificate host = kit.issue(specs.get(2 + u), ca, keys.get(2 + u));
                Path certs = request.out.resolve("units").resolve(unit).resolve("certs");
                Path hostDir = Files.createDirectories(certs.resolve("host"));
                Path otherDir = Files.createDirectories(certs.resolve("other"));
                PemFiles.writeCertificate(hostDir.resolve(unit + ".crt"), host.certificate());
                PemFiles.writePrivateKey(hostDir.resolve(unit + ".key"), host.privateKey());
                PemFiles.writeCertificate(otherDir.resolve("ca.crt"), ca.certificate());
                out.println();
                out.println("Unit " + unit + " (SAN " + sanText(unitHosts) + ")"
                        + ": copy " + certs + " into the unit's HOME (HOME/certs/...):");
                out.println("  certs/host/" + unit + ".crt + " + unit + ".key -> HOME/certs/host/ (\"Host\": presented to the proxy,");
                out.println("      and as TLS server; needed for SipEp.InteropTlsClientAuthenticationEnable=Enable)");
                out.println("  certs/other/ca.crt -> HOME/certs/other/ (\"Other\")");
            }
            out.println();
            out.println(caKey + " is the CA's private key: keep it off the proxy and the units.");
            return Cli.OK;
        } catch (PkiException e) {
            err.println(NAME + ": " + e.getMessage());
            return Cli.FAILED;
        } catch (IOException e) {
            err.println(NAME + ": cannot write to " + request.out + ": " + e);
            return Cli.FAILED;
        }
    }

    /**
     * Without =HOSTS a unit's Host certificate names the unit and the loopback address: its web
     * pages present this certificate, and the HTTPS server (Jetty's SNI host check) refuses a
     * request whose Host (https://127.0.0.1:PORT/) the certificate does not name (RFC 6125 section 6).
     */
    static List<String> defaultUnitHosts(String unit) {
        return DNS_NAME.matcher(unit).matches() ? List.of("127.0.0.1", unit) : List.of("127.0.0.1");
    }

    private static String describe(KeyType key) {
        return key == KeyType.EC_P256 ? "EC P-256" : "RSA 2048";
    }

    private static String sanText(List<String> hosts) {
        SubjectAltNames names = SubjectAltNames.of(hosts.toArray(String[]::new));
        List<String> parts = new ArrayList<>();
        names.ipAddresses().stream().map(InetAddress::getHostAddress).forEach(ip -> parts.add("IP:" + ip));
        names.dnsNames().forEach(dns -> parts.add("DNS:" + dns));
        return String.join(", ", parts);
    }

    /** The checked arguments. */
    private record Request(Path out, String caName, List<String> proxyHosts, List<String> units,
                           Map<String, List<String>> unitHosts, int days, KeyType key) {

        static Request of(Arguments a) throws UsageException {
            if (!a.positional().isEmpty()) {
                throw new UsageException(NAME + ": unexpected argument '" + a.positional().get(0) + "'");
            }
            Path out = Path.of(a.option("out").orElseThrow(() -> new UsageException(NAME + ": --out DIR is required")));
            String caName = a.option("ca-name").orElse(DEFAULT_CA_NAME).strip();
            if (caName.isEmpty() || caName.chars().anyMatch(Character::isISOControl)) {
                throw new UsageException(NAME + ": --ca-name must be a non-empty name without control characters");
            }
            List<String> hosts = new ArrayList<>(new LinkedHashSet<>(a.all("proxy-host")));
            if (hosts.isEmpty()) {
                throw new UsageException(NAME + ": --proxy-host is required: the IP address or DNS name the units connect to"
                        + " (their HostName check compares it with the proxy certificate's SAN)");
            }
            for (String host : hosts) {
                checkHost("--proxy-host ", host);
            }
            List<String> units = new ArrayList<>();
            Map<String, List<String>> unitHosts = new LinkedHashMap<>();
            for (String given : new LinkedHashSet<>(a.all("unit"))) {
                // NAME=HOST,HOST: a unit that other units reach directly on its SecurePort needs
                // the address they are configured with in its SAN, as a proxy does (HostName check).
                int equals = given.indexOf('=');
                String unit = equals < 0 ? given : given.substring(0, equals);
                if (!UNIT_NAME.matcher(unit).matches()) {
                    throw new UsageException(NAME + ": --unit '" + given + "': a unit name is 1 to 64 letters, digits, '_', '.', '-'"
                            + " starting with a letter or digit (it names the unit's files)");
                }
                if (units.contains(unit)) {
                    throw new UsageException(NAME + ": --unit '" + unit + "' is given twice");
                }
                units.add(unit);
                if (equals >= 0) {
                    List<String> addresses = new ArrayList<>(new LinkedHashSet<>(List.of(given.substring(equals + 1).split(",", -1))));
                    for (String address : addresses) {
                        checkHost("--unit " + unit + "=", address);
                    }
                    unitHosts.put(unit, List.copyOf(addresses));
                }
            }
            int days = DEFAULT_DAYS;
            if (a.option("days").isPresent()) {
                try {
                    days = Integer.parseInt(a.option("days").get());
                } catch (NumberFormatException e) {
                    days = -1;
                }
                if (days < 1 || days > MAX_DAYS) {
                    throw new UsageException(NAME + ": --days '" + a.option("days").get() + "' is not a number of days from 1 to " + MAX_DAYS);
                }
            }
            String keyName = a.option("key").orElse("rsa");
            KeyType key = switch (keyName) {
                case "rsa" -> KeyType.RSA_2048;
                case "ec" -> KeyType.EC_P256;
                default -> throw new UsageException(NAME + ": --key '" + keyName + "' is not allowed (allowed: rsa, ec)");
            };
            return new Request(out, caName, hosts, units, unitHosts, days, key);
        }

        private static void checkHost(String option, String host) throws UsageException {
            boolean ok;
            if (host.indexOf(':') >= 0) {
                try {
                    ok = !SubjectAltNames.of(host).ipAddresses().isEmpty();
                } catch (IllegalArgumentException e) {
                    ok = false;
                }
            } else if (IPV4.matcher(host).matches()) {
                ok = host.chars().filter(c -> c == '.').count() == 3
                        && java.util.Arrays.stream(host.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
            } else {
                ok = host.length() <= 253 && HOST_NAME.matcher(host).matches();
            }
            if (!ok) {
                throw new UsageException(NAME + ": " + option + "'" + host + "' is not an IPv4 address, an IPv6 address or a DNS name");
            }
        }
    }

    /**
     * Every key of the kit at once, on all cores: an RSA key is a prime search of a few hundred
     * milliseconds, and `ta demo` made four of them one after the other (a third of its wall clock).
     */
    private static List<KeyPair> keyPairs(CertificateKit kit, List<CertificateSpec> specs) throws PkiException {
        int threads = Math.max(1, Math.min(specs.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, work -> {
            Thread thread = new Thread(work, "ta-certs-keys");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<KeyPair>> pending = new ArrayList<>();
            for (CertificateSpec spec : specs) {
                pending.add(pool.submit(() -> kit.generateKeyPair(spec)));
            }
            List<KeyPair> keys = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                try {
                    keys.add(pending.get(i).get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof PkiException failed) {
                        throw failed;
                    }
                    throw new PkiException(specs.get(i).commonName(), PkiException.Problem.GENERATION_FAILED,
                            "cannot generate its key pair: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PkiException(specs.get(i).commonName(), PkiException.Problem.GENERATION_FAILED, "interrupted", e);
                }
            }
            return keys;
        } finally {
            pool.shutdownNow();
        }
    }
}
