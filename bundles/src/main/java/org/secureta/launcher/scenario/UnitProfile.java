package org.secureta.launcher.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A unit's profile (docs/profile.md) as a scenario writes it: variables in the order they were
 * set, a later value replacing an earlier one. Immutable; {@link #with} returns a new profile.
 */
public final class UnitProfile {

    /** The gateway row every lab profile uses. */
    public static final String GATEWAY = "Lab";

    private final Map<String, String> variables;

    private UnitProfile(Map<String, String> variables) {
        this.variables = variables;
    }

    public static UnitProfile empty() {
        return new UnitProfile(new LinkedHashMap<>());
    }

    /**
     * One line (EpId Port1) registering as {@code user} with {@code password} over TLS at
     * {@code registrar} (host:port), HostName validation, TLS 1.2, both interop variables of the
     * guide's section 3.3 on, SRTP with SDES, auto-answer, media on any free ports, and the
     * persistent link from {@code localPort}. No clock source: {@link ProxyLab#startUnit} adds
     * the lab's SNTP server ({@link #withSntpServer}), as NTP is mandatory with TLS on the unit.
     */
    public static UnitProfile tlsLine(String user, String password, String registrar, int localPort) {
        return empty()
                .with("SipEp.TransportConfig[" + GATEWAY + "].TlsEnable", "Enable")
                .with("SipEp.TransportConfig[" + GATEWAY + "].RegistrationEnable", "Enable")
                .with("SipEp.TransportConfig[" + GATEWAY + "].ContactEnable", "Enable")
                .with("SipEp.TransportTlsVersion", "TLSv1_2")
                .with("SipEp.InteropTlsCertificateValidation", "HostName")
                .with("SipEp.TransportPersistentBasePort", Integer.toString(localPort))
                .with("SipEp.TransportFailbackInterval", "5")
                .with("SipEp.GwSpecificRegistration[" + GATEWAY + "].ServerHost", registrar)
                .with("SipEp.UserAgent[Port1].Username", user)
                .with("SipEp.UserAgent[Port1].GatewayName", GATEWAY)
                .with("SipEp.Authentication[Port1].Password", password)
                .with("Mipt.DefaultSecurityRtpMode", "Secure")
                .with("Mipt.DefaultSecurityKeyManagement", "Sdes")
                .with("Mipt.IpTransportSrtpBasePort", "0")
                .with("SecureTA.AutoAnswer", "Enable");
    }

    /**
     * The clock synchronised by SNTP from {@code hostPort} (Hoc.StaticSntpServers) instead of the
     * lab override: NTP is mandatory on the unit when TLS is on (certificate validity dates).
     */
    public UnitProfile withSntpServer(String hostPort) {
        return without("SecureTA.LabAllowUnsynchronisedClock")
                .with("Hoc.SntpConfigSource", "Static")
                .with("Hoc.StaticSntpServers[1].HostName", hostPort);
    }

    public UnitProfile with(String variable, String value) {
        Map<String, String> copy = new LinkedHashMap<>(variables);
        copy.remove(variable);
        copy.put(variable, value);
        return new UnitProfile(copy);
    }

    public UnitProfile without(String variable) {
        Map<String, String> copy = new LinkedHashMap<>(variables);
        copy.remove(variable);
        return new UnitProfile(copy);
    }

    public String get(String variable) {
        return variables.getOrDefault(variable, "");
    }

    /**
     * The lines of several units' profiles as one profile for {@code ta opensips-config}: the
     * settings of the first, and every unit's line and credentials under a row named after the
     * unit, so that the generated proxy knows all the users.
     */
    public static UnitProfile proxyProfile(Map<String, UnitProfile> units) {
        UnitProfile merged = null;
        for (Map.Entry<String, UnitProfile> unit : units.entrySet()) {
            UnitProfile p = unit.getValue();
            if (merged == null) {
                merged = empty();
                for (Map.Entry<String, String> v : p.variables.entrySet()) {
                    if (!v.getKey().startsWith("SipEp.UserAgent[") && !v.getKey().startsWith("SipEp.Authentication[")) {
                        merged = merged.with(v.getKey(), v.getValue());
                    }
                }
            }
            for (Map.Entry<String, String> v : p.variables.entrySet()) {
                String key = v.getKey();
                if (key.startsWith("SipEp.UserAgent[") || key.startsWith("SipEp.Authentication[")) {
                    String table = key.substring(0, key.indexOf('['));
                    String column = key.substring(key.indexOf(']') + 1);
                    merged = merged.with(table + "[" + unit.getKey() + "]" + column, v.getValue());
                }
            }
        }
        if (merged == null) {
            throw new IllegalArgumentException("a proxy profile needs at least one unit");
        }
        return merged;
    }

    /** The profile text, one {@code Variable=value} per line. Holds passwords: write it owner-only. */
    public String text() {
        StringBuilder s = new StringBuilder();
        variables.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        return s.toString();
    }

    /** Writes the profile owner-only (rw-------): it holds the line passwords and the pre-shared key. */
    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // The launcher's class path has no bundle classes (the transport's AtomicFiles): its own copy.
        org.secureta.launcher.UnitHome.writeSecret(file, text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return file;
    }

    /** The variables without secrets, for printing. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        variables.forEach((k, v) -> s.append(k).append('=').append(k.endsWith(".Password") || k.contains("PreSharedKey") ? "****" : v).append('\n'));
        return s.toString();
    }
}
