package org.secureta.provisioning.syslog;

import java.util.Locale;

/**
 * Syslog severities (RFC 5424 section 6.2.1, table 2) with the unit's names for the ones its
 * {@code *.MinSeverity} variables offer: Debug, Info, Warning, Error, Critical.
 */
public enum Severity {
    EMERGENCY(0, "Emergency"),
    ALERT(1, "Alert"),
    CRITICAL(2, "Critical"),
    ERROR(3, "Error"),
    WARNING(4, "Warning"),
    NOTICE(5, "Notice"),
    INFO(6, "Info"),
    DEBUG(7, "Debug");

    private final int code;
    private final String unitName;

    Severity(int code, String unitName) {
        this.code = code;
        this.unitName = unitName;
    }

    /** The numerical code of RFC 5424: 0 is the most severe. */
    public int code() {
        return code;
    }

    public String unitName() {
        return unitName;
    }

    /** True when this severity is at least as severe as {@code minimum}. */
    public boolean atLeast(Severity minimum) {
        return code <= minimum.code;
    }

    /** Reads a {@code *.MinSeverity} value ({@code Warning}, ...). */
    public static Severity ofUnitName(String name) {
        for (Severity s : values()) {
            if (s.unitName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a severity (allowed: Debug, Info, Warning, Error, Critical)");
    }

    @Override
    public String toString() {
        return unitName.toLowerCase(Locale.ROOT);
    }
}
