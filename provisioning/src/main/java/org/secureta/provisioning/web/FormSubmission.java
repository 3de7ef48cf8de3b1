package org.secureta.provisioning.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileError;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.provisioning.profile.ProfileWriter;
import org.secureta.provisioning.profile.TableSpec;
import org.secureta.provisioning.profile.VariableAddress;
import org.secureta.provisioning.profile.VariableSpec;

/**
 * A submitted settings form turned into a new profile, checked exactly as a profile file is:
 * the configured profile is written out with the form's changes in place and read back by the
 * profile parser, so the page shows the parser's own errors. Only fields whose value changed
 * count (a default stays a default); an empty secret field keeps the secret.
 *
 * <p>Field names: a variable's address ({@code SipEp.TransportTlsVersion},
 * {@code SipEp.TransportConfig[gw].TlsEnable}); a new row's key {@code new:TABLE} and its cells
 * {@code new:TABLE.Column}; a row to delete {@code delete:TABLE[KEY]}.
 */
final class FormSubmission {

    static final String NEW_ROW = "new:";
    static final String DELETE_ROW = "delete:";

    private FormSubmission() {
    }

    /** The outcome: the new profile, or the errors; {@code changed} lists what the form changed. */
    record Outcome(Optional<Profile> profile, List<ProfileError> errors, Set<String> changed) {
    }

    static Outcome apply(Profile configured, SettingsPage page, Function<String, String> form, String source) {
        DeviceSchema schema = configured.schema();
        Map<String, String> changes = new LinkedHashMap<>();
        Set<String> deletedRows = new LinkedHashSet<>();
        List<ProfileError> errors = new ArrayList<>();
        for (String name : page.variables()) {
            VariableSpec spec = schema.scalar(name).orElseThrow();
            consider(configured, VariableAddress.scalar(name), spec, form.apply(name), changes);
        }
        for (String tableName : page.tables()) {
            TableSpec table = schema.table(tableName).orElseThrow();
            for (String row : configured.rows(tableName)) {
                if (form.apply(DELETE_ROW + tableName + "[" + row + "]") != null) {
                    deletedRows.add(tableName + "[" + row + "]");
                    continue;
                }
                for (Map.Entry<String, VariableSpec> column : table.columns().entrySet()) {
                    VariableAddress a = VariableAddress.cell(tableName, row, column.getKey());
                    consider(configured, a, column.getValue(), form.apply(a.toString()), changes);
                }
            }
            String newKey = form.apply(NEW_ROW + tableName);
            if (newKey != null && !newKey.isBlank()) {
                newKey = newKey.strip();
                boolean any = false;
                for (Map.Entry<String, VariableSpec> column : table.columns().entrySet()) {
                    String value = form.apply(NEW_ROW + tableName + "." + column.getKey());
                    String address = tableName + "[" + newKey + "]." + column.getKey();
                    if (value != null && !value.isEmpty() && !value.equals(column.getValue().defaultValue())) {
                        changes.put(address, value);
                        any = true;
                    }
                }
                if (!any) {
                    // A row exists in a profile through its cells: give it its first column, at its default.
                    Map.Entry<String, VariableSpec> first = table.columns().entrySet().iterator().next();
                    changes.put(tableName + "[" + newKey + "]." + first.getKey(), first.getValue().defaultValue());
                }
            }
        }
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (change.getValue().indexOf('\n') >= 0 || change.getValue().indexOf('\r') >= 0) {
                errors.add(new ProfileError(source, 0, change.getKey(), "a value is one line: line breaks are not allowed", ""));
            }
        }
        Set<String> changed = new LinkedHashSet<>(changes.keySet());
        changed.addAll(deletedRows);
        if (!errors.isEmpty()) {
            return new Outcome(Optional.empty(), errors, changed);
        }
        try {
            return new Outcome(Optional.of(withChanges(configured, changes, deletedRows, source)), List.of(), changed);
        } catch (ProfileException e) {
            return new Outcome(Optional.empty(), e.errors(), changed);
        }
    }

    /**
     * The configured profile with {@code changes} (address text to value) in place and the rows
     * in {@code deletedRows} ({@code TABLE[KEY]}) gone, read back by the profile parser; errors
     * carry {@code source} and no line number.
     */
    static Profile withChanges(Profile configured, Map<String, String> changes, Set<String> deletedRows, String source)
            throws ProfileException {
        StringBuilder text = new StringBuilder();
        Set<String> pending = new LinkedHashSet<>(changes.keySet());
        for (String line : ProfileWriter.export(configured, false).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String address = line.substring(0, line.indexOf('='));
            if (deletedRows.stream().anyMatch(row -> address.startsWith(row + "."))) {
                continue;
            }
            if (changes.containsKey(address)) {
                text.append(address).append('=').append(changes.get(address)).append('\n');
                pending.remove(address);
            } else {
                text.append(line).append('\n');
            }
        }
        for (String address : pending) {
            text.append(address).append('=').append(changes.get(address)).append('\n');
        }
        try {
            return new ProfileParser(configured.schema()).parse(text.toString(), source);
        } catch (ProfileException e) {
            List<ProfileError> errors = e.errors().stream()
                    .map(err -> new ProfileError(source, 0, err.variable(), err.message(), err.allowed()))
                    .toList();
            throw new ProfileException(errors);
        }
    }

    private static void consider(Profile configured, VariableAddress address, VariableSpec spec, String submitted,
                                 Map<String, String> changes) {
        if (submitted == null) {
            return; // not on the form (a checkbox-free form always sends every field)
        }
        if (spec.secret() && submitted.isEmpty()) {
            return; // the page never shows a secret: empty means keep it
        }
        if (!submitted.equals(configured.get(address))) {
            changes.put(address.toString(), submitted);
        }
    }
}
