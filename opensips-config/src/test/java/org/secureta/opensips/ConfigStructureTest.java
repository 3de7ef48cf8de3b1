package org.secureta.opensips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads every reviewed configuration as the proxy would: each core parameter is one the target
 * documents, each modparam names a loaded module and a parameter that module documents, each
 * function the routing script calls is exported by a loaded module (or the core), and modules
 * that must come first do.
 */
class ConfigStructureTest {

    private static final Pattern LOADMODULE = Pattern.compile("^loadmodule \"([a-z_0-9]+)\\.so\"$");
    private static final Pattern MODPARAM = Pattern.compile("^modparam\\(\"([a-z_0-9]+)\", \"([a-z_0-9]+)\", .*\\)$");
    private static final Pattern CORE = Pattern.compile("^([a-z_0-9]+)=.*$");
    private static final Pattern CALL = Pattern.compile("\\b([a-z_][a-z_0-9]*)\\(");
    private static final Set<String> KEYWORDS = Set.of("if", "route", "request_route");

    record Parsed(List<String> modules, List<String[]> modparams, List<String> coreParameters, Set<String> functions) {
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return GoldenConfigTest.cases();
    }

    static Parsed parse(Path cfg) throws IOException {
        List<String> modules = new ArrayList<>();
        List<String[]> modparams = new ArrayList<>();
        List<String> core = new ArrayList<>();
        Set<String> functions = new LinkedHashSet<>();
        boolean inRoute = false;
        for (String raw : Files.readAllLines(cfg)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") && !line.startsWith("#!")) {
                continue;
            }
            if (line.startsWith("#!")) {
                continue;
            }
            Matcher m;
            if ((m = LOADMODULE.matcher(line)).matches()) {
                modules.add(m.group(1));
            } else if ((m = MODPARAM.matcher(line)).matches()) {
                modparams.add(new String[] {m.group(1), m.group(2)});
            } else if (!inRoute && (m = CORE.matcher(line)).matches()) {
                core.add(m.group(1));
            } else if (line.matches("^(request_)?route(\\[[A-Z_]+\\])? \\{$")) {
                inRoute = true;
            } else if (inRoute) {
                // String literals and pseudo-variables ($var(x), $avp(x)) are not calls.
                String code = line.replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("\\$[a-z]+\\([^)]*\\)", "\\$pv");
                Matcher call = CALL.matcher(code);
                while (call.find()) {
                    if (!KEYWORDS.contains(call.group(1))) {
                        functions.add(call.group(1));
                    }
                }
            } else {
                throw new AssertionError(cfg + ": line not understood: " + line);
            }
        }
        return new Parsed(modules, modparams, core, functions);
    }

    static Path mainFile(String profile, String target) {
        return GoldenConfigTest.RESOURCES.resolve("golden/" + profile + "/" + target + "/"
                + (target.equals("kamailio-5") ? "kamailio.cfg" : "opensips.cfg"));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("cases")
    void everyCoreParameterIsDocumentedForTheTarget(String profile, String target) throws IOException {
        Parsed cfg = parse(mainFile(profile, target));
        for (String parameter : cfg.coreParameters()) {
            assertTrue(Documented.of(target).coreParameters().contains(parameter), target + " documents no core parameter " + parameter);
        }
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("cases")
    void everyModparamNamesALoadedModuleAndADocumentedParameter(String profile, String target) throws IOException {
        Parsed cfg = parse(mainFile(profile, target));
        assertFalse(cfg.modparams().isEmpty());
        for (String[] modparam : cfg.modparams()) {
            assertTrue(cfg.modules().contains(modparam[0]), "modparam for " + modparam[0] + " but no loadmodule");
            assertTrue(Documented.of(target).moduleParameters().getOrDefault(modparam[0], Set.of()).contains(modparam[1]),
                    target + ": module " + modparam[0] + " documents no parameter " + modparam[1]);
        }
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("cases")
    void everyFunctionTheScriptCallsIsExportedByALoadedModule(String profile, String target) throws IOException {
        Parsed cfg = parse(mainFile(profile, target));
        Documented.Target doc = Documented.of(target);
        assertTrue(cfg.functions().contains("t_relay") && cfg.functions().contains("save") && cfg.functions().contains("record_route"));
        for (String function : cfg.functions()) {
            if (doc.coreFunctions().contains(function)) {
                continue;
            }
            String module = doc.functionModule().get(function);
            assertTrue(module != null, target + ": " + function + "() is in no documented module");
            assertTrue(cfg.modules().contains(module), function + "() needs loadmodule \"" + module + ".so\"");
        }
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("cases")
    void noModuleIsLoadedForNothingAndOrderDependenciesHold(String profile, String target) throws IOException {
        Parsed cfg = parse(mainFile(profile, target));
        Documented.Target doc = Documented.of(target);
        assertEquals(cfg.modules().size(), new LinkedHashSet<>(cfg.modules()).size(), "a module loaded twice");
        if (target.equals("kamailio-5")) {
            // tls module Overview: load it before any other module that uses libssl; the tls.cfg holds its settings.
            assertEquals("tls", cfg.modules().get(0));
            assertTrue(cfg.modules().contains("pv"), "$var, $avp, $au, $fU and $tU come from the pv module");
        } else if (target.equals("opensips-3")) {
            // tls_mgm and proto_tls Dependencies: the library module, then tls_mgm, then proto_tls.
            assertEquals(List.of("tls_openssl", "tls_mgm", "proto_tls"), cfg.modules().subList(0, 3));
        }
        for (String module : cfg.modules()) {
            boolean used = doc.functionModule().containsValue(module) && cfg.functions().stream().anyMatch(f -> module.equals(doc.functionModule().get(f)))
                    || cfg.modparams().stream().anyMatch(p -> p[0].equals(module))
                    || Set.of("pv", "tls_openssl", "proto_tls").contains(module)
                    || doc.dependencies().values().stream().anyMatch(d -> d.contains(module));
            assertTrue(used, module + " is loaded but nothing uses it");
        }
        // A module's documented dependencies are loaded, before it (OpenSIPS 3.4 refuses to start otherwise).
        for (int i = 0; i < cfg.modules().size(); i++) {
            String module = cfg.modules().get(i);
            for (String needed : doc.dependencies().getOrDefault(module, Set.of())) {
                assertTrue(cfg.modules().subList(0, i).contains(needed), module + " needs " + needed + " loaded before it");
            }
        }
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("cases")
    void tlsDomainsAreDeclaredBeforeTheirSettings(String profile, String target) throws IOException {
        if (!target.equals("opensips-3")) {
            return;
        }
        Set<String> declared = new LinkedHashSet<>();
        for (String line : Files.readAllLines(mainFile(profile, target))) {
            Matcher declaration = Pattern.compile("^modparam\\(\"tls_mgm\", \"(server|client)_domain\", \"([a-z_]+)\"\\)$").matcher(line);
            Matcher setting = Pattern.compile("^modparam\\(\"tls_mgm\", \"[a-z_]+\", \"\\[([a-z_]+)\\].*$").matcher(line);
            if (declaration.matches()) {
                declared.add(declaration.group(2));
            } else if (setting.matches()) {
                assertTrue(declared.contains(setting.group(1)), "setting for undeclared TLS domain: " + line);
            }
        }
        assertEquals(Set.of("units", "to_units"), declared);
    }

    /**
     * What OpenSIPS 3.4.18 refused in configs that passed the checks above: no mpath (every
     * loadmodule fails), a bare flag name in setflag() (parse error), plaintext passwords read
     * as HA1 (every REGISTER gets 401), and a MI FIFO shared by every instance in /tmp.
     */
    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("cases")
    void openSipsScriptsSetTheModulePathQuoteFlagsAndHashPlaintextPasswords(String profile, String target) throws IOException {
        if (!target.startsWith("opensips")) {
            return;
        }
        List<String> lines = Files.readAllLines(mainFile(profile, target));
        int mpath = lines.indexOf(lines.stream().filter(l -> l.startsWith("mpath=")).findFirst().orElseThrow(() -> new AssertionError("no mpath")));
        int firstModule = lines.indexOf(lines.stream().filter(l -> l.startsWith("loadmodule ")).findFirst().orElseThrow());
        assertTrue(mpath < firstModule, "mpath must come before the first loadmodule");
        assertTrue(lines.get(mpath).matches("^mpath=\"/.*/\"$"), "mpath is an absolute directory ending in /: " + lines.get(mpath));
        for (String line : lines) {
            if (line.strip().startsWith("setflag(")) {
                assertTrue(target.equals("opensips-3") ? line.strip().matches("^setflag\\(\"[A-Z_]+\"\\);$") : line.strip().matches("^setflag\\([0-9]+\\);$"),
                        target + " flag syntax: " + line);
            }
        }
        if (lines.stream().anyMatch(l -> l.contains("\"password_spec\""))) {
            assertTrue(lines.contains("modparam(\"auth\", \"calculate_ha1\", 1)"), "plaintext password_spec without calculate_ha1");
        }
        String fifo = lines.stream().filter(l -> l.contains("\"fifo_name\"")).findFirst().orElseThrow();
        assertFalse(fifo.contains("\"/tmp/"), "the MI FIFO belongs in the output folder: " + fifo);
    }
}
