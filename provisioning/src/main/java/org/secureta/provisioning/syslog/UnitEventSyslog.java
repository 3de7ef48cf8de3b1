package org.secureta.provisioning.syslog;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.secureta.transport.UnitEvent;

/**
 * Turns a unit event into the syslog message the unit sends for it: which service reports it
 * (APP-NAME), how severe it is, and its text. The event's attributes travel as structured data,
 * except those that could hold a secret. Two texts are the guide's own lines:
 * <ul>
 * <li>{@code establishing persistent connection}: a TLS link to a gateway's server came up
 * ({@code TLS_LINK gateway=NAME state=Up});</li>
 * <li>{@code SdpTools [D3A2] Received the wrong key management protocol. Secure stream
 * disabled.}: posted by the call agent as {@code ERROR source=SdpTools state=Warning code=D3A2
 * message="Received the wrong key management protocol. Secure stream disabled."}; any ERROR event
 * with a {@code code} is written {@code SOURCE [CODE] MESSAGE}.</li>
 * </ul>
 */
public final class UnitEventSyslog {

    static final String MASK = "********";

    /** Attribute names that never go out, whatever posted them (checked in lower case). */
    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "presharedkey", "psk", "masterkey",
            "privatekey", "keymaterial", "inline");

    private UnitEventSyslog() {
    }

    public static UnitService serviceOf(UnitEvent event) {
        return switch (event.kind()) {
            case UnitEvent.TRANSPORT, UnitEvent.TLS_LINK, UnitEvent.REGISTRATION -> UnitService.SipEp;
            case UnitEvent.CALL, "MEDIA" -> UnitService.Mipt;
            case "CERT" -> UnitService.Cert;
            case UnitEvent.ERROR -> serviceOfSource(event.get("source"));
            default -> UnitService.Hoc; // UNIT, PROFILE, CLOCK and extension kinds
        };
    }

    private static UnitService serviceOfSource(String source) {
        String s = source == null ? "" : source.toLowerCase(Locale.ROOT);
        if (s.startsWith("sdp") || s.startsWith("srtp") || s.startsWith("media") || s.startsWith("call") || s.startsWith("mikey")
                || s.startsWith("sdes")) {
            return UnitService.Mipt;
        }
        if (s.startsWith("cert")) {
            return UnitService.Cert;
        }
        if (s.startsWith("sip") || s.startsWith("tls") || s.startsWith("transport") || s.startsWith("registration")) {
            return UnitService.SipEp;
        }
        return UnitService.Hoc;
    }

    public static Severity severityOf(UnitEvent event) {
        String state = event.get("state") == null ? "" : event.get("state");
        return switch (event.kind()) {
            case UnitEvent.TLS_LINK -> switch (state) {
                case "Down" -> Severity.WARNING;
                case "Up" -> Severity.INFO;
                default -> Severity.DEBUG;
            };
            case UnitEvent.REGISTRATION -> switch (state) {
                case "AuthFailed", "Rejected", "ConfigError", "InvalidResponse" -> Severity.ERROR;
                case "Unreachable" -> Severity.WARNING;
                case "Registered", "Unregistered" -> Severity.INFO;
                default -> Severity.DEBUG;
            };
            case UnitEvent.UNIT -> switch (state) {
                case "Failed", "ConfigError" -> Severity.CRITICAL;
                default -> Severity.INFO;
            };
            case "CLOCK" -> "Synchronised".equals(state) ? Severity.INFO : Severity.WARNING;
            case UnitEvent.ERROR -> switch (state) {
                case "Warning" -> Severity.WARNING;
                case "Critical" -> Severity.CRITICAL;
                default -> Severity.ERROR;
            };
            case UnitEvent.CALL -> "Failed".equals(state) ? Severity.WARNING : Severity.INFO;
            default -> Severity.INFO;
        };
    }

    /** The MSG part: the guide's wording where it has one, otherwise a readable summary. */
    public static String textOf(UnitEvent event) {
        String state = event.get("state");
        if (UnitEvent.TLS_LINK.equals(event.kind()) && "Up".equals(state)) {
            return "establishing persistent connection";
        }
        if (UnitEvent.ERROR.equals(event.kind())) {
            String source = event.get("source");
            String code = event.get("code");
            String message = event.get("message") == null ? "" : event.get("message");
            return code == null ? source + ": " + message : source + " [" + code + "] " + message;
        }
        Map.Entry<String, String> subject = event.attributes().entrySet().iterator().next();
        // "registration Port1: Registered", "tls link OpenSIPS: Down (connection reset)"
        StringBuilder s = new StringBuilder(event.kind().toLowerCase(Locale.ROOT).replace('_', ' '))
                .append(' ').append(subject.getValue());
        if (state != null) {
            s.append(": ").append(state);
        }
        String reason = event.get("reason") != null ? event.get("reason") : event.get("message");
        if (reason != null) {
            s.append(" (").append(reason).append(')');
        }
        return s.toString();
    }

    /** The whole message for {@code event}, sent from {@code hostName}. */
    public static SyslogMessage toMessage(UnitEvent event, String hostName) {
        Map<String, String> data = new LinkedHashMap<>();
        event.attributes().forEach((name, value) -> data.put(name, isSecret(name) ? MASK : value));
        return new SyslogMessage(SyslogMessage.LOCAL0, severityOf(event), event.time(), hostName, serviceOf(event).name(),
                event.kind(), data, textOf(event));
    }

    static boolean isSecret(String attributeName) {
        String lower = attributeName.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "");
        return SECRET_WORDS.stream().anyMatch(lower::contains) || lower.equals("key");
    }
}
