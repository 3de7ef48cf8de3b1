package org.secureta.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A unit's profile (docs/profile.md) as the demo, the scenarios and the tests write it: variables
 * in the order they were set, a later value replacing an earlier one. Immutable; {@link #with}
 * returns a new profile. It only writes the file a unit reads: not provisioning's package-private
 * {@code org.secureta.provisioning.internal.UnitProfile} (same simple name), which is the running
 * unit's configured and running profile, nor its parsed {@code org.secureta.provisioning.profile.Profile}.
 */
public final class UnitProfile {

    /** The gateway row every lab profile (a line registering at a proxy) uses. */
    public static final String GATEWAY = "Lab";

    /** The gateway row of a back-to-back profile: the other unit. */
    public static final String PEER_GATEWAY = "Peer";

    /** The line every profile here configures. */
    public static final String LINE = "Port1";

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
     * persistent link from {@code localPort}. No clock source: {@code ProxyLab.startUnit} adds
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
     * A unit calling another unit directly, no proxy in the middle (the demo's back-to-back
     * topology): TLS only (guide 2.6), serving TLS on {@code securePort} with its Host
     * certificate, its gateway {@value #PEER_GATEWAY} pointing at {@code peer} (host:port of the
     * other unit's SecurePort) with a HostName check of its certificate, TLS 1.2 with CS3, the
     * link retried soon (the unit's minimum, as the peer may start a moment later), the line not
     * registering, auto-answer, secure RTP only (guide 2.7) with AES-CM-128 and the given key
     * management, media on any free ports, and its clock synchronised by SNTP from
     * {@code sntpServer} (NTP is mandatory with the security features: certificate validity).
     *
     * @param unit the unit's name (its friendly name)
     * @param persistentBasePort the local port of its outgoing TLS link
     * @param keyManagement Sdes or Mikey
     * @param mikeyPreSharedKeyHex the MIKEY pre-shared key both units share (a secret: never printed)
     */
    public static UnitProfile backToBack(String unit, String user, int securePort, int persistentBasePort, String peer, String sntpServer,
                                         String keyManagement, String mikeyPreSharedKeyHex) {
        return empty()
                .with("SipEp.TransportConfig[" + PEER_GATEWAY + "].TlsEnable", "Enable")
                .with("SipEp.TransportConfig[" + PEER_GATEWAY + "].UdpEnable", "Disable")
                .with("SipEp.TransportConfig[" + PEER_GATEWAY + "].ContactEnable", "Enable")
                .with("SipEp.TransportPersistentBasePort", Integer.toString(persistentBasePort))
                .with("SipEp.TransportFailbackInterval", "5")
                .with("SipEp.TransportTlsVersion", "TLSv1_2")
                .with("SipEp.TransportTlsCipherSuite", "CS3")
                .with("SipEp.InteropTlsCertificateValidation", "HostName")
                .with("SipEp.Gateway[" + PEER_GATEWAY + "].Type", "Endpoint")
                .with("SipEp.Gateway[" + PEER_GATEWAY + "].SecurePort", Integer.toString(securePort))
                .with("SipEp.GwSpecificRegistration[" + PEER_GATEWAY + "].ServerHost", peer)
                .with("SipEp.GwSpecificProxy[" + PEER_GATEWAY + "].HomeDomainHost", peer)
                .with("SipEp.UserAgent[" + LINE + "].Username", user)
                .with("SipEp.UserAgent[" + LINE + "].FriendlyName", "Demo " + unit)
                .with("SipEp.UserAgent[" + LINE + "].GatewayName", PEER_GATEWAY)
                .with("SipEp.UserAgent[" + LINE + "].Register", "Disable")
                .with("SecureTA.AutoAnswer", "Enable")
                .with("Mipt.DefaultSecurityRtpMode", "Secure")
                .with("Mipt.DefaultSecurityKeyManagement", keyManagement)
                .with("Mipt.DefaultSecurityRtpEncryption", "AesCm128")
                .with("Mipt.IpTransportSrtpBasePort", "0")
                .with("SecureTA.MikeyPreSharedKey", mikeyPreSharedKeyHex)
                .withSntpServer(sntpServer);
    }

    /** The SIP user of line {@value #LINE}, empty if unset. */
    public String user() {
        return get("SipEp.UserAgent[" + LINE + "].Username");
    }

    /** The gateway row of line {@value #LINE}, empty if unset. */
    public String gateway() {
        return get("SipEp.UserAgent[" + LINE + "].GatewayName");
    }

    /** Where the unit serves TLS (its gateway's SecurePort); 0 when it serves none. */
    public int securePort() {
        String port = get("SipEp.Gateway[" + gateway() + "].SecurePort");
        return port.isEmpty() ? 0 : Integer.parseInt(port);
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

    /**
     * Writes the profile owner-only (rw-------): it holds the line passwords and the pre-shared
     * key. The file is created owner-only before anything is written to it, then moved into
     * place, so that no reader ever sees it half-written or with wider permissions. JDK only:
     * the launcher's class path holds no tls-transport (see {@code ProxyTools}).
     */
    public Path write(Path file) throws IOException {
        UnitHome.writeSecret(file, text().getBytes(StandardCharsets.UTF_8));
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
