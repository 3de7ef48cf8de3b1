package org.secureta.provisioning.profile;

import java.util.Map;

/**
 * Writes a profile in the file format {@link ProfileParser} reads. Export writes what is set
 * (or everything with {@code includeDefaults}); reading the output back gives an equal profile,
 * and writing that again gives the same text.
 */
public final class ProfileWriter {

    /** What a secret's value shows as wherever a profile or a variable is displayed. */
    public static final String MASK = "********";

    private ProfileWriter() {
    }

    /** The exact export: secrets included (the file is the unit's configuration). */
    public static String export(Profile profile, boolean includeDefaults) {
        return write(profile, includeDefaults, false);
    }

    /** For people and logs: secrets masked. Not meant to be read back. */
    public static String display(Profile profile) {
        return write(profile, false, true);
    }

    public static String displayAll(Profile profile) {
        return write(profile, true, true);
    }

    private static String write(Profile profile, boolean includeDefaults, boolean maskSecrets) {
        StringBuilder out = new StringBuilder();
        DeviceSchema schema = profile.schema();
        for (VariableSpec spec : schema.scalars().values()) {
            VariableAddress a = VariableAddress.scalar(spec.name());
            if (includeDefaults || profile.isExplicit(a)) {
                line(out, a, profile.get(a), spec, maskSecrets);
            }
        }
        for (TableSpec table : schema.tables().values()) {
            for (String row : profile.rows(table.name())) {
                for (Map.Entry<String, VariableSpec> column : table.columns().entrySet()) {
                    VariableAddress a = VariableAddress.cell(table.name(), row, column.getKey());
                    if (includeDefaults || profile.isExplicit(a)) {
                        line(out, a, profile.get(a), column.getValue(), maskSecrets);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, VariableAddress address, String value, VariableSpec spec, boolean maskSecrets) {
        out.append(address).append('=').append(maskSecrets && spec.secret() && !value.isEmpty() ? MASK : value).append('\n');
    }
}
