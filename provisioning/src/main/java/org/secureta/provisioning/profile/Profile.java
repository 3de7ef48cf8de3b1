package org.secureta.provisioning.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values a unit is configured with: those set explicitly, everything else at the schema's
 * defaults. Immutable; {@link #with} returns a new, validated profile.
 */
public final class Profile {

    private final DeviceSchema schema;
    /** Explicit values, in canonical order (schema order for variables, first appearance for rows). */
    private final Map<VariableAddress, String> values;

    private Profile(DeviceSchema schema, Map<VariableAddress, String> values) {
        this.schema = schema;
        this.values = Collections.unmodifiableMap(canonical(schema, values));
    }

    /** A unit with every variable at its default. */
    public static Profile defaults(DeviceSchema schema) {
        return new Profile(schema, Map.of());
    }

    /**
     * A profile of explicit values that have each been checked against their type; applies the
     * rules that span several variables.
     */
    static Profile of(DeviceSchema schema, Map<VariableAddress, String> values, Map<VariableAddress, Integer> lines, String source)
            throws ProfileException {
        Profile profile = new Profile(schema, values);
        List<ProfileError> errors = ProfileRules.check(profile, lines, source);
        if (!errors.isEmpty()) {
            throw new ProfileException(errors);
        }
        return profile;
    }

    public DeviceSchema schema() {
        return schema;
    }

    /** Explicitly set values, in the order a profile file lists them. */
    public Map<VariableAddress, String> values() {
        return values;
    }

    /** The value at {@code address}: explicit, or the default. */
    public String get(VariableAddress address) {
        String explicit = values.get(address);
        if (explicit != null) {
            return explicit;
        }
        Optional<String> derived = ProfileRules.derivedDefault(this, address);
        if (derived.isPresent()) {
            return derived.get();
        }
        return schema.spec(address).map(VariableSpec::defaultValue)
                .orElseThrow(() -> new IllegalArgumentException("no variable " + address));
    }

    /** The value of a scalar variable. */
    public String get(String scalarName) {
        return get(VariableAddress.scalar(scalarName));
    }

    /** The value of a table cell (the column's default in a row that does not set it). */
    public String cell(String table, String rowKey, String column) {
        return get(VariableAddress.cell(table, rowKey, column));
    }

    public boolean isExplicit(VariableAddress address) {
        return values.containsKey(address);
    }

    /** Row keys of {@code table}, in the order they first appear. */
    public List<String> rows(String table) {
        List<String> keys = new ArrayList<>();
        for (VariableAddress a : values.keySet()) {
            if (a.isCell() && a.name().equals(table) && !keys.contains(a.rowKey().get())) {
                keys.add(a.rowKey().get());
            }
        }
        return keys;
    }

    /**
     * This profile with {@code address} set to {@code value}, checked exactly as a profile file
     * line would be.
     */
    public Profile with(VariableAddress address, String value, String source) throws ProfileException {
        Optional<ProfileError> rejected = ProfileParser.checkAssignment(schema, address, value, source, 0);
        if (rejected.isPresent()) {
            throw new ProfileException(rejected.get());
        }
        Map<VariableAddress, String> changed = new LinkedHashMap<>(values);
        changed.put(address, value);
        return of(schema, changed, Map.of(), source);
    }

    /**
     * What takes effect now when the unit is configured with {@code configured} while running
     * this profile: every change, except those to variables that wait for their service's
     * restart (Scm.RestartRequiredServices), which keep this profile's value.
     */
    public Profile withImmediateChangesFrom(Profile configured) {
        Map<VariableAddress, String> effective = new LinkedHashMap<>();
        Set<VariableAddress> addresses = new java.util.LinkedHashSet<>(configured.values.keySet());
        addresses.addAll(values.keySet());
        for (VariableAddress a : addresses) {
            boolean waits = schema.spec(a).flatMap(VariableSpec::restartService).isPresent();
            Profile source = waits ? this : configured;
            if (source.isExplicit(a)) {
                effective.put(a, source.values.get(a));
            }
        }
        return new Profile(schema, effective);
    }

    /**
     * Services whose restart-required variables differ between this profile and {@code newer}.
     */
    public Set<String> servicesToRestartFor(Profile newer) {
        Set<String> services = new TreeSet<>();
        Set<VariableAddress> addresses = new java.util.HashSet<>(values.keySet());
        addresses.addAll(newer.values.keySet());
        for (VariableAddress a : addresses) {
            if (!get(a).equals(newer.get(a)) || isExplicit(a) != newer.isExplicit(a)) {
                schema.spec(a).flatMap(VariableSpec::restartService).ifPresent(services::add);
            }
        }
        return services;
    }

    private static Map<VariableAddress, String> canonical(DeviceSchema schema, Map<VariableAddress, String> values) {
        Map<VariableAddress, String> ordered = new LinkedHashMap<>();
        for (String name : schema.scalars().keySet()) {
            VariableAddress a = VariableAddress.scalar(name);
            if (values.containsKey(a)) {
                ordered.put(a, values.get(a));
            }
        }
        for (TableSpec table : schema.tables().values()) {
            List<String> rowKeys = new ArrayList<>();
            values.keySet().stream()
                    .filter(a -> a.isCell() && a.name().equals(table.name()))
                    .map(a -> a.rowKey().get())
                    .forEach(k -> {
                        if (!rowKeys.contains(k)) {
                            rowKeys.add(k);
                        }
                    });
            for (String key : rowKeys) {
                for (String column : table.columns().keySet()) {
                    VariableAddress a = VariableAddress.cell(table.name(), key, column);
                    if (values.containsKey(a)) {
                        ordered.put(a, values.get(a));
                    }
                }
            }
        }
        if (ordered.size() != values.size()) {
            throw new IllegalArgumentException("profile holds variables the schema does not know");
        }
        return ordered;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p && p.schema == schema && p.values.equals(values)
                && List.copyOf(p.values.keySet()).equals(List.copyOf(values.keySet()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    /** Never shows secrets. */
    @Override
    public String toString() {
        return ProfileWriter.display(this);
    }
}
