package org.secureta.provisioning.profile;

import java.util.Map;

/**
 * Writes docs/profile.md from the schema, so the reference can never drift from what the parser
 * accepts (a test compares the committed file with this output).
 */
public final class SchemaDocs {

    private SchemaDocs() {
    }

    public static String markdown(DeviceSchema schema) {
        StringBuilder md = new StringBuilder();
        md.append("# Profile variables\n\n")
                .append("Generated from `DeviceSchema` (`SchemaDocs`); `ProfileDocsTest` keeps it in sync.\n\n")
                .append("Names, values and defaults are those of the unit (DGW 2.0). Variables under `SecureTA.*`\n")
                .append("are SecureTA extensions the real unit does not have. *Restart* names the service that must be\n")
                .append("restarted (`ta:restart`, Scm.RestartRequiredServices) for a change to take effect; other\n")
                .append("changes apply at once. Secret values are masked whenever a profile is shown.\n\n")
                .append("Read-only status of the unit (not settable in a profile): ")
                .append("`SipEp.TlsPersistentConnectionStatus`, `SipEp.RegistrationStatus`, `Cert.HostCertificatesInfo`, ")
                .append("`Cert.OthersCertificatesInfo`, `Scm.RestartRequiredServices` (the action `ta:restart`).\n\n")
                .append("## Variables\n\n");
        header(md);
        for (VariableSpec spec : schema.scalars().values()) {
            row(md, spec.name(), spec);
        }
        for (TableSpec table : schema.tables().values()) {
            md.append("\n## Table ").append(table.name()).append("\n\n")
                    .append(table.description()).append(". Cells: `").append(table.name()).append('[')
                    .append(table.keyName()).append("].Column=Value`; the key is ").append(table.keyType().allowed())
                    .append(".\n\n");
            header(md);
            for (Map.Entry<String, VariableSpec> column : table.columns().entrySet()) {
                row(md, table.name() + "[" + table.keyName() + "]." + column.getKey(), column.getValue());
            }
        }
        return md.toString();
    }

    private static void header(StringBuilder md) {
        md.append("| variable | values | default | restart | meaning |\n|---|---|---|---|---|\n");
    }

    private static void row(StringBuilder md, String name, VariableSpec spec) {
        md.append("| `").append(name).append("`")
                .append(spec.extension() ? " (extension)" : "")
                .append(spec.secret() ? " (secret)" : "")
                .append(" | ").append(spec.type().allowed().replace("|", "\\|"))
                .append(" | ").append(spec.defaultValue().isEmpty() ? "" : "`" + spec.defaultValue() + "`")
                .append(" | ").append(spec.restartService().orElse(""))
                .append(" | ").append(spec.description()).append(" |\n");
    }
}
