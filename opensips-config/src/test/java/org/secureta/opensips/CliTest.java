package org.secureta.opensips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secureta.transport.pki.AtomicFiles;

/** The commands' arguments, refusals, warnings and exit codes, as a user at the shell meets them. */
class CliTest {

    private static final String TLS_PROFILE = String.join("\n",
            "SipEp.TransportConfig[Lab].TlsEnable=Enable",
            "SipEp.GwSpecificRegistration[Lab].ServerHost=192.0.2.10:5061",
            "SipEp.UserAgent[Port1].Username=100",
            "SipEp.Authentication[Port1].Password=pw", "");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int config(String... args) {
        return Cli.opensipsConfig(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int certs(String... args) {
        return Cli.certs(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path profile(String text) throws Exception {
        Path p = dir.resolve("unit.profile");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void anUnknownTargetIsRefusedWithTheAllowedOnes() throws Exception {
        assertEquals(Cli.BAD_INPUT, config(profile(TLS_PROFILE).toString(), "--target", "asterisk", "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("unknown target 'asterisk' (allowed: opensips-3, opensips-1, kamailio-5)"), err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no target        | PROFILE --out OUT                         | --target is required",
        "no out           | PROFILE --target kamailio-5               | --out DIR is required",
        "no profile       | --target kamailio-5 --out OUT             | give one PROFILE",
        "two profiles     | PROFILE PROFILE --target kamailio-5 --out OUT | one PROFILE at a time",
        "unknown option   | PROFILE --target kamailio-5 --out OUT --verbose x | unknown option --verbose",
        "option twice     | PROFILE --target kamailio-5 --target opensips-3 --out OUT | --target given twice",
        "missing value    | PROFILE --out OUT --target                | --target needs a value",
        "short option     | PROFILE -t kamailio-5 --out OUT           | unknown option -t",
        "lifetime text    | PROFILE --target kamailio-5 --out OUT --connection-lifetime soon | --connection-lifetime 'soon' is not a number of seconds from 2 to 86400",
        "lifetime 1       | PROFILE --target kamailio-5 --out OUT --connection-lifetime 1 | --connection-lifetime '1' is not a number of seconds from 2 to 86400",
        "lifetime too long | PROFILE --target opensips-3 --out OUT --connection-lifetime 86401 | --connection-lifetime '86401' is not a number"})
    void argumentErrorsExitWith2AndTheUsage(String name, String words, String message) throws Exception {
        String p = profile(TLS_PROFILE).toString();
        String[] args = words.strip().replace("PROFILE", p).replace("OUT", dir.resolve("o").toString()).split(" +");
        assertEquals(Cli.BAD_INPUT, config(args));
        assertTrue(err().contains(message), err());
        assertTrue(err().contains("usage: opensips-config PROFILE --target"), err());
    }

    @Test
    void aMissingProfileFileIsNamed() {
        assertEquals(Cli.BAD_INPUT, config(dir.resolve("none.profile").toString(), "--target", "kamailio-5", "--out", dir.toString()));
        assertTrue(err().contains("no profile file " + dir.resolve("none.profile")), err());
    }

    @Test
    void profileErrorsAreReportedWithFileLineAndVariable() throws Exception {
        Path p = profile("SipEp.TransportConfig[Lab].TlsEnable=Enable\nSipEp.TransportTlsVersion=TLSv3\n");
        assertEquals(Cli.BAD_INPUT, config(p.toString(), "--target", "kamailio-5", "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("unit.profile:2: SipEp.TransportTlsVersion: 'TLSv3' is not allowed (allowed: SSLv3, TLSv1, TLSv1_1, TLSv1_2)"), err());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void aProfileWithoutTlsIsRefusedCitingTheGuide() throws Exception {
        Path p = profile("SipEp.TransportConfig[Lab].UdpEnable=Enable\nSipEp.DefaultStaticRegistrarServerHost=192.0.2.10\n");
        assertEquals(Cli.BAD_INPUT, config(p.toString(), "--target", "opensips-3", "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("does not enable TLS: set SipEp.TransportConfig[Lab].TlsEnable=Enable"), err());
        assertTrue(err().contains("guide 3.2"), err());
    }

    @Test
    void aProfileWithoutRegistrarHostIsRefused() throws Exception {
        Path p = profile("SipEp.TransportConfig[Lab].TlsEnable=Enable\n");
        assertEquals(Cli.BAD_INPUT, config(p.toString(), "--target", "opensips-1", "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("no registrar host: set SipEp.GwSpecificRegistration[Lab].ServerHost or SipEp.DefaultStaticRegistrarServerHost"), err());
    }

    @Test
    void oneDigestUserWithTwoPasswordsIsRefused() throws Exception {
        Path p = profile(TLS_PROFILE + "SipEp.UserAgent[Port2].Username=101\nSipEp.Authentication[Port2].Username=100\n"
                + "SipEp.Authentication[Port2].Password=other\n");
        assertEquals(Cli.BAD_INPUT, config(p.toString(), "--target", "kamailio-5", "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("SipEp.Authentication[Port2]: digest user '100' is given two different passwords"), err());
        assertFalse(err().contains("other"), "the password itself is never printed: " + err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "kamailio-5, 'kamailio-5: TLSv1+ (SipEp.TransportTlsVersion=TLSv1 with SecureTA.AllowLegacyTls=Enable) needs cipher_list = DEFAULT:@SECLEVEL=0'",
        "opensips-3, 'opensips-3: TLSv1- (SipEp.TransportTlsVersion=TLSv1 with SecureTA.AllowLegacyTls=Enable) needs ciphers_list DEFAULT:@SECLEVEL=0'",
        "opensips-1, 'opensips-1: OpenSIPS 1.x cannot express a minimum TLS version'"})
    void legacyTlsTheTargetCannotExpressAsAskedIsWarnedAboutWithWhatWasChosen(String target, String warning) throws Exception {
        Path p = profile(TLS_PROFILE + "SipEp.TransportTlsVersion=TLSv1\nSecureTA.AllowLegacyTls=Enable\n");
        assertEquals(Cli.OK, config(p.toString(), "--target", target, "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("opensips-config: warning: " + warning), err());
        assertTrue(err().contains("chose"), err());
    }

    @Test
    void withoutTheLegacyOptInTheMinimumIsTls12AndNothingIsWarned() throws Exception {
        Path p = profile(TLS_PROFILE + "SipEp.TransportTlsVersion=TLSv1\n");
        assertEquals(Cli.OK, config(p.toString(), "--target", "kamailio-5", "--out", dir.resolve("o").toString()));
        assertEquals("", err());
        assertTrue(Files.readString(dir.resolve("o/tls.cfg")).contains("method = TLSv1.2+"));
    }

    @Test
    void sslv3IsNeverConfiguredAndSaysSo() throws Exception {
        Path p = profile(TLS_PROFILE + "SipEp.TransportTlsVersion=SSLv3\n");
        assertEquals(Cli.OK, config(p.toString(), "--target", "opensips-3", "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("SSLv3 is prohibited (RFC 7568)"), err());
        assertTrue(Files.readString(dir.resolve("o/opensips.cfg")).contains("\"[units]TLSv1_2-\""));
    }

    @Test
    void theConfigurationHoldingPasswordsIsOwnerOnlyAndTheTlsFileIsNot() throws Exception {
        assertEquals(Cli.OK, config(profile(TLS_PROFILE).toString(), "--target", "kamailio-5", "--out", dir.resolve("o").toString()));
        assertTrue(AtomicFiles.isOwnerOnly(dir.resolve("o/kamailio.cfg")));
        assertFalse(AtomicFiles.isOwnerOnly(dir.resolve("o/tls.cfg")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("kamailio.cfg (owner-only: it holds the lines' passwords)"));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("pw"), "the password is not printed");
    }

    @Test
    void aProxyCertificateTheUnitsWouldRefuseIsReportedBeforeAnyoneStartsTheProxy() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "192.0.2.99"));
        assertEquals(Cli.OK, config(profile(TLS_PROFILE).toString(), "--target", "kamailio-5", "--out", dir.resolve("o").toString(),
                "--cert-dir", kit.resolve("proxy").toString()));
        assertTrue(err().contains("proxy.crt would be refused by units connecting to 192.0.2.10:5061 (SipEp.InteropTlsCertificateValidation=HostName): HOST_MISMATCH"), err());
    }

    @Test
    void anEcProxyKeyWithTheUnitsRsaOnlySuitesIsReported() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "192.0.2.10", "--key", "ec"));
        assertEquals(Cli.OK, config(profile(TLS_PROFILE).toString(), "--target", "opensips-3", "--out", dir.resolve("o").toString(),
                "--cert-dir", kit.resolve("proxy").toString()));
        assertTrue(err().contains("proxy.key is an EC key, but SipEp.TransportTlsCipherSuite=CS1 offers only RSA suites"), err());
    }

    @Test
    void aMatchingKitGivesNoWarning() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Cli.OK, certs("--out", kit.toString(), "--proxy-host", "192.0.2.10"));
        assertEquals(Cli.OK, config(profile(TLS_PROFILE).toString(), "--target", "opensips-3", "--out", dir.resolve("o").toString(),
                "--cert-dir", kit.resolve("proxy").toString(), "--module-path", dir.toString()));
        assertEquals("", err());
    }

    private int configWithPath(String pathEnv, String... args) {
        return org.secureta.opensips.internal.ConfigCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), pathEnv);
    }

    private static String mpath(Path cfg) throws Exception {
        return Files.readAllLines(cfg).stream().filter(l -> l.startsWith("mpath=")).findFirst().orElseThrow();
    }

    @Test
    void theModulePathComesFromTheOpensipsOnPathThenFromDebiansPath() throws Exception {
        // A source build's layout: PREFIX/sbin/opensips and PREFIX/lib64/opensips/modules.
        Path prefix = dir.resolve("prefix");
        Path binary = Files.createDirectories(prefix.resolve("sbin")).resolve("opensips");
        Files.writeString(binary, "#!/bin/sh\n");
        binary.toFile().setExecutable(true);
        Path modules = Files.createDirectories(prefix.resolve("lib64/opensips/modules"));
        String pathEnv = dir.resolve("nothing-here") + java.io.File.pathSeparator + prefix.resolve("sbin");
        assertEquals(Cli.OK, configWithPath(pathEnv, profile(TLS_PROFILE).toString(), "--target", "opensips-3", "--out", dir.resolve("o").toString()));
        assertEquals("mpath=\"" + modules + "/\"", mpath(dir.resolve("o/opensips.cfg")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("OpenSIPS modules: " + modules + " (from the opensips on PATH, " + binary + ")"), out.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Wrote an opensips-3 configuration for unit.profile:"), out.toString());

        out.reset();
        assertEquals(Cli.OK, configWithPath(dir.resolve("nothing-here").toString(), profile(TLS_PROFILE).toString(), "--target", "opensips-3",
                "--out", dir.resolve("o2").toString()));
        assertEquals("mpath=\"/usr/lib/x86_64-linux-gnu/opensips/modules/\"", mpath(dir.resolve("o2/opensips.cfg")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(from the Debian/Ubuntu packages' path: no opensips on PATH)"), out.toString());
        if (!Files.isDirectory(Path.of("/usr/lib/x86_64-linux-gnu/opensips/modules"))) {
            assertTrue(err().contains("/usr/lib/x86_64-linux-gnu/opensips/modules does not exist here: give --module-path DIR"), err());
        }
    }

    /** The guide's 2-minute idle drop, scaled down for a lab: every target closes idle links after the given time. */
    @ParameterizedTest
    @CsvSource({"kamailio-5, kamailio.cfg", "opensips-3, opensips.cfg", "opensips-1, opensips.cfg"})
    void theConnectionLifetimeOptionSetsTheIdleLifetimeOfTheLinks(String target, String file) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(profile(TLS_PROFILE).toString(), "--target", target,
                "--out", dir.resolve("o").toString(), "--connection-lifetime", "6"));
        if (!target.startsWith("kamailio")) {
            args.addAll(java.util.List.of("--module-path", dir.toString()));
        }
        assertEquals(Cli.OK, configWithPath("/usr/sbin", args.toArray(String[]::new)), err());
        String cfg = Files.readString(dir.resolve("o").resolve(file));
        assertTrue(cfg.contains("\ntcp_connection_lifetime=6\n"), cfg);
        assertFalse(cfg.contains("=7200"), cfg);
        assertTrue(cfg.contains("Here 6 s (--connection-lifetime)"), cfg);
        // OpenSIPS keeps a registered unit's link as long as its binding: the comment must not promise a drop there.
        assertEquals(!target.startsWith("kamailio"), cfg.contains("a\n# registered unit's link lives as long as its binding"), cfg);
        if (target.startsWith("kamailio")) {
            // TLS links have their own first idle timeout in Kamailio's tls module.
            assertTrue(cfg.contains("modparam(\"tls\", \"connection_timeout\", 6)"), cfg);
        }
    }

    @Test
    void withoutTheConnectionLifetimeOptionIdleLinksLiveTwoHours() throws Exception {
        assertEquals(Cli.OK, config(profile(TLS_PROFILE).toString(), "--target", "kamailio-5", "--out", dir.resolve("o").toString()));
        String cfg = Files.readString(dir.resolve("o/kamailio.cfg"));
        assertTrue(cfg.contains("\ntcp_connection_lifetime=7200\n"), cfg);
        assertFalse(cfg.contains("--connection-lifetime)"), cfg);
    }

    @Test
    void theModulePathOptionWinsAndIsRefusedForKamailio() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("mods"));
        assertEquals(Cli.OK, configWithPath("/usr/sbin", profile(TLS_PROFILE).toString(), "--target", "opensips-1", "--out", dir.resolve("o").toString(),
                "--module-path", modules.toString()));
        assertEquals("mpath=\"" + modules + "/\"", mpath(dir.resolve("o/opensips.cfg")));
        assertTrue(err().contains("warning: opensips-1: OpenSIPS 1.x builds only against OpenSSL 1.0"), err());
        assertEquals(Cli.BAD_INPUT, config(profile(TLS_PROFILE).toString(), "--target", "kamailio-5", "--out", dir.resolve("k").toString(),
                "--module-path", modules.toString()));
        assertTrue(err().contains("--module-path is for the OpenSIPS targets"), err());
    }

    @Test
    void ipv6AndDnsSrvRegistrarsListenOnTheSipsPortWithANote() throws Exception {
        Path p = profile("SipEp.TransportConfig[Lab].TlsEnable=Enable\nSipEp.DefaultStaticRegistrarServerHost=[2001:db8::1]:0\n");
        assertEquals(Cli.OK, config(p.toString(), "--target", "kamailio-5", "--out", dir.resolve("k").toString()));
        assertTrue(Files.readString(dir.resolve("k/kamailio.cfg")).contains("\nlisten=tls:[2001:db8::1]:5061\n"));
        assertTrue(err().contains("gives port 0 (DNS SRV): listening on 5061; the _sips._tcp SRV record of 2001:db8::1 must point there"), err());
        assertEquals(Cli.OK, config(p.toString(), "--target", "opensips-3", "--out", dir.resolve("o").toString()));
        String opensips = Files.readString(dir.resolve("o/opensips.cfg"));
        assertTrue(opensips.contains("\nsocket=tls:[2001:db8::1]:5061\n") && opensips.contains("\"[units]*\""), opensips);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no proxy host   | --out OUT                                          | --proxy-host is required",
        "bad host        | --out OUT --proxy-host bad_host!                   | --proxy-host 'bad_host!' is not an IPv4 address, an IPv6 address or a DNS name",
        "bad ipv4        | --out OUT --proxy-host 300.1.1.1                   | --proxy-host '300.1.1.1' is not",
        "bad days        | --out OUT --proxy-host 192.0.2.1 --days 0          | --days '0' is not a number of days from 1 to 36500",
        "days not number | --out OUT --proxy-host 192.0.2.1 --days ten        | --days 'ten' is not a number",
        "bad key         | --out OUT --proxy-host 192.0.2.1 --key dsa         | --key 'dsa' is not allowed (allowed: rsa, ec)",
        "bad unit        | --out OUT --proxy-host 192.0.2.1 --unit ../evil    | --unit '../evil': a unit name is 1 to 64",
        "no out          | --proxy-host 192.0.2.1                             | --out DIR is required",
        "stray argument  | --out OUT --proxy-host 192.0.2.1 extra             | unexpected argument 'extra'"})
    void certsArgumentErrorsExitWith2AndWriteNothing(String name, String words, String message) {
        String[] args = words.strip().replace("OUT", dir.resolve("kit").toString()).split(" +");
        assertEquals(Cli.BAD_INPUT, certs(args));
        assertTrue(err().contains(message), err());
        assertFalse(Files.exists(dir.resolve("kit")));
    }

    @Test
    void ipv6ProxyHostsGoIntoTheSan() {
        assertEquals(Cli.OK, certs("--out", dir.resolve("kit").toString(), "--proxy-host", "2001:db8::10"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("SAN IP:2001:db8:0:0:0:0:0:10"), out.toString(StandardCharsets.UTF_8));
    }
}
