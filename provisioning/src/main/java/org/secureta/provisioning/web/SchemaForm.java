package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileError;
import org.secureta.provisioning.profile.TableSpec;
import org.secureta.provisioning.profile.ValueType;
import org.secureta.provisioning.profile.VariableAddress;
import org.secureta.provisioning.profile.VariableSpec;

/**
 * Draws a settings page's form from the device schema: a list for a choice, a text field for a
 * number or text (the server checks it, as for a profile file), a password field for a secret
 * (never filled in), one table row per row key plus an empty row to add one.
 */
final class SchemaForm {

    private SchemaForm() {
    }

    /**
     * @param shown what to show in each field: the submitted value after a refused form, the
     *              configured one otherwise
     */
    static String render(SettingsPage page, Profile configured, Function<String, String> shown, List<ProfileError> errors,
                         String csrfToken) {
        StringBuilder h = new StringBuilder();
        h.append("<form method=\"post\" action=\"/").append(page.path()).append("\" id=\"settings\">\n");
        h.append(csrfField(csrfToken));
        if (!page.variables().isEmpty()) {
            h.append("<table class=\"vars\">\n<tr><th>Variable</th><th>Value</th><th>Allowed</th><th>Default</th></tr>\n");
            for (String name : page.variables()) {
                VariableSpec spec = configured.schema().scalar(name).orElseThrow();
                VariableAddress a = VariableAddress.scalar(name);
                h.append("<tr").append(hasError(errors, name) ? " class=\"invalid\"" : "").append(">")
                        .append("<td><label for=\"").append(escape(name)).append("\" title=\"").append(escape(spec.description())).append("\">")
                        .append(escape(name)).append(spec.extension() ? " <small>(extension)</small>" : "")
                        .append(spec.restartService().map(s -> " <small class=\"restart\">restart " + escape(s) + "</small>").orElse(""))
                        .append("</label><div class=\"desc\">").append(escape(spec.description())).append("</div></td>")
                        .append("<td>").append(field(a.toString(), spec, shown.apply(a.toString()), configured.get(a))).append("</td>")
                        .append("<td class=\"allowed\">").append(escape(spec.type().allowed())).append("</td>")
                        .append("<td>").append(escape(spec.secret() ? "" : spec.defaultValue())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        for (String tableName : page.tables()) {
            TableSpec table = configured.schema().table(tableName).orElseThrow();
            h.append("<h3>").append(escape(tableName)).append("</h3><p class=\"desc\">").append(escape(table.description())).append("</p>\n");
            h.append("<table class=\"rows\" id=\"").append(escape(tableName)).append("\">\n<tr><th>")
                    .append(escape(table.keyName())).append("</th>");
            for (Map.Entry<String, VariableSpec> c : table.columns().entrySet()) {
                h.append("<th title=\"").append(escape(c.getValue().description())).append("\">").append(escape(c.getKey())).append("</th>");
            }
            h.append("<th>Delete</th></tr>\n");
            for (String row : configured.rows(tableName)) {
                h.append("<tr><td class=\"key\">").append(escape(row)).append("</td>");
                for (Map.Entry<String, VariableSpec> c : table.columns().entrySet()) {
                    VariableAddress a = VariableAddress.cell(tableName, row, c.getKey());
                    h.append("<td").append(hasError(errors, a.toString()) ? " class=\"invalid\"" : "").append(">")
                            .append(field(a.toString(), c.getValue(), shown.apply(a.toString()), configured.get(a))).append("</td>");
                }
                h.append("<td><input type=\"checkbox\" name=\"").append(escape(FormSubmission.DELETE_ROW + tableName + "[" + row + "]"))
                        .append("\" aria-label=\"delete ").append(escape(row)).append("\"></td></tr>\n");
            }
            String newKey = FormSubmission.NEW_ROW + tableName;
            h.append("<tr class=\"new\"><td><input type=\"text\" name=\"").append(escape(newKey)).append("\" placeholder=\"new ")
                    .append(escape(table.keyName())).append("\" value=\"").append(escape(orEmpty(shown.apply(newKey)))).append("\"></td>");
            for (Map.Entry<String, VariableSpec> c : table.columns().entrySet()) {
                String name = newKey + "." + c.getKey();
                String value = shown.apply(name);
                h.append("<td>").append(field(name, c.getValue(), value == null ? c.getValue().defaultValue() : value, c.getValue().defaultValue()))
                        .append("</td>");
            }
            h.append("<td></td></tr>\n</table>\n");
        }
        h.append("<p><button type=\"submit\" id=\"save\">Save</button></p>\n</form>\n");
        return h.toString();
    }

    static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(token) + "\">\n";
    }

    private static String field(String name, VariableSpec spec, String shownValue, String current) {
        String value = shownValue == null ? current : shownValue;
        String id = " name=\"" + escape(name) + "\" id=\"" + escape(name) + "\"";
        if (spec.secret()) {
            return "<input type=\"password\"" + id + " autocomplete=\"new-password\" placeholder=\""
                    + (current.isEmpty() ? "not set" : "set (leave empty to keep)") + "\">";
        }
        if (spec.type() instanceof ValueType.Choice choice) {
            StringBuilder s = new StringBuilder("<select").append(id).append(">");
            Set<String> values = new java.util.LinkedHashSet<>(choice.values());
            values.add(value); // a refused value stays visible, selected
            for (String v : values) {
                s.append("<option").append(v.equals(value) ? " selected" : "").append(">").append(escape(v)).append("</option>");
            }
            return s.append("</select>").toString();
        }
        return "<input type=\"text\"" + id + " value=\"" + escape(value) + "\""
                + (spec.type() instanceof ValueType.Number ? " inputmode=\"numeric\" size=\"8\"" : "") + ">";
    }

    private static boolean hasError(List<ProfileError> errors, String variable) {
        return errors.stream().anyMatch(e -> e.variable().equals(variable) || variable.startsWith(e.variable() + "."));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
