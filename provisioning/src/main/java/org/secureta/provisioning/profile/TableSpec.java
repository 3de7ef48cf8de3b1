package org.secureta.provisioning.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table of the unit (one row per key, such as a gateway name or an endpoint id), addressed in a
 * profile as {@code Service.Table[Key].Column}.
 */
public record TableSpec(String name, String keyName, ValueType.Text keyType, Map<String, VariableSpec> columns, String description) {

    public TableSpec {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public static TableSpec of(String name, String keyName, String description, List<VariableSpec> columns) {
        Map<String, VariableSpec> byColumn = new LinkedHashMap<>();
        for (VariableSpec column : columns) {
            String prefix = name + ".";
            if (!column.name().startsWith(prefix)) {
                throw new IllegalArgumentException(column.name() + " is not a column of " + name);
            }
            byColumn.put(column.name().substring(prefix.length()), column);
        }
        return new TableSpec(name, keyName, ValueType.Text.NAME, byColumn, description);
    }

    public Optional<VariableSpec> column(String column) {
        return Optional.ofNullable(columns.get(column));
    }
}
