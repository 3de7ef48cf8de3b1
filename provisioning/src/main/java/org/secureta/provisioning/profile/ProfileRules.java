package org.secureta.provisioning.profile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Rules that span several variables, as the unit enforces them. */
final class ProfileRules {

    static final String TRANSPORT = "SipEp.TransportConfig";

    private ProfileRules() {
    }

    /**
     * Defaults that depend on another value. Enabling TLS on a row is enough to make it the
     * transport (the guide: "simply enable TLS"), so UDP and TCP of a TLS row default to Disable.
     */
    static Optional<String> derivedDefault(Profile profile, VariableAddress address) {
        if (address.isCell() && address.name().equals(TRANSPORT)
                && (address.column().get().equals("UdpEnable") || address.column().get().equals("TcpEnable"))
                && profile.cell(TRANSPORT, address.rowKey().get(), "TlsEnable").equals("Enable")) {
            return Optional.of("Disable");
        }
        return Optional.empty();
    }

    static List<ProfileError> check(Profile profile, Map<VariableAddress, Integer> lines, String source) {
        List<ProfileError> errors = new ArrayList<>();
        checkTransport(profile, lines, source, errors);
        checkLines(profile, lines, source, errors);
        return errors;
    }

    /**
     * One transport for the whole unit (guide 2.6): TLS never mixes with UDP or TCP, and a
     * transport set on one row applies to all rows, so rows must agree with the first.
     */
    private static void checkTransport(Profile profile, Map<VariableAddress, Integer> lines, String source, List<ProfileError> errors) {
        List<String> rows = profile.rows(TRANSPORT);
        for (String row : rows) {
            boolean tls = enabled(profile, row, "TlsEnable");
            for (String plain : List.of("UdpEnable", "TcpEnable")) {
                VariableAddress a = VariableAddress.cell(TRANSPORT, row, plain);
                if (tls && profile.isExplicit(a) && enabled(profile, row, plain)) {
                    errors.add(new ProfileError(source, line(lines, a), a.toString(),
                            "TLS is exclusive with UDP and TCP: the unit never mixes secure and non-secure links; set it to Disable", ""));
                }
            }
            if (!tls && !enabled(profile, row, "UdpEnable") && !enabled(profile, row, "TcpEnable")) {
                VariableAddress a = VariableAddress.cell(TRANSPORT, row, "UdpEnable");
                errors.add(new ProfileError(source, line(lines, a), TRANSPORT + "[" + row + "]",
                        "no transport enabled: enable one of UdpEnable, TcpEnable, TlsEnable", ""));
            }
        }
        if (rows.size() > 1) {
            String first = rows.get(0);
            for (String row : rows.subList(1, rows.size())) {
                for (String column : List.of("UdpEnable", "TcpEnable", "TlsEnable")) {
                    if (!profile.cell(TRANSPORT, row, column).equals(profile.cell(TRANSPORT, first, column))) {
                        VariableAddress a = VariableAddress.cell(TRANSPORT, row, column);
                        errors.add(new ProfileError(source, line(lines, a), a.toString(),
                                "differs from the first row (" + first + "), which governs the whole unit: a transport applies to all rows", ""));
                    }
                }
            }
        }
    }

    /** Lines need a user name to register, and may only name gateways that exist. */
    private static void checkLines(Profile profile, Map<VariableAddress, Integer> lines, String source, List<ProfileError> errors) {
        Set<String> gateways = new HashSet<>(profile.rows("SipEp.Gateway"));
        gateways.addAll(profile.rows(TRANSPORT));
        List<String> userAgents = profile.rows("SipEp.UserAgent");
        for (String ep : userAgents) {
            VariableAddress gw = VariableAddress.cell("SipEp.UserAgent", ep, "GatewayName");
            String gateway = profile.get(gw);
            if (!gateway.isEmpty() && !gateways.contains(gateway)) {
                errors.add(new ProfileError(source, line(lines, gw), gw.toString(),
                        "no gateway named '" + gateway + "' (declare it in SipEp.Gateway or SipEp.TransportConfig)", ""));
            }
            VariableAddress user = VariableAddress.cell("SipEp.UserAgent", ep, "Username");
            if (profile.get(user).isEmpty() && profile.cell("SipEp.UserAgent", ep, "Register").equals("Enable")) {
                errors.add(new ProfileError(source, line(lines, gw), user.toString(), "a line that registers needs a user name", ""));
            }
        }
        for (String ep : profile.rows("SipEp.Authentication")) {
            if (!userAgents.contains(ep)) {
                VariableAddress a = VariableAddress.cell("SipEp.Authentication", ep, "Username");
                errors.add(new ProfileError(source, firstLineOfRow(lines, "SipEp.Authentication", ep), "SipEp.Authentication[" + ep + "]",
                        "no line " + ep + " in SipEp.UserAgent (the row key is the line's EpId)", ""));
            }
        }
    }

    private static boolean enabled(Profile profile, String row, String column) {
        return profile.cell(TRANSPORT, row, column).equals("Enable");
    }

    private static int line(Map<VariableAddress, Integer> lines, VariableAddress address) {
        Integer line = lines.get(address);
        if (line != null) {
            return line;
        }
        return firstLineOfRow(lines, address.name(), address.rowKey().orElse(""));
    }

    private static int firstLineOfRow(Map<VariableAddress, Integer> lines, String table, String row) {
        return lines.entrySet().stream()
                .filter(e -> e.getKey().name().equals(table) && e.getKey().rowKey().orElse("").equals(row))
                .mapToInt(Map.Entry::getValue).min().orElse(0);
    }
}
