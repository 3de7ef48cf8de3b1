package org.secureta.provisioning.profile;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a value lives: a scalar variable ({@code SipEp.TransportTlsVersion}) or a table cell
 * ({@code SipEp.TransportConfig[OpenSIPS].TlsEnable}).
 */
public record VariableAddress(String name, Optional<String> rowKey, Optional<String> column) {

    public VariableAddress {
        Objects.requireNonNull(name);
        if (rowKey.isPresent() != column.isPresent()) {
            throw new IllegalArgumentException("a table cell needs both a row key and a column");
        }
    }

    public static VariableAddress scalar(String name) {
        return new VariableAddress(name, Optional.empty(), Optional.empty());
    }

    public static VariableAddress cell(String table, String rowKey, String column) {
        return new VariableAddress(table, Optional.of(rowKey), Optional.of(column));
    }

    /**
     * Parses {@code Service.Variable} or {@code Service.Table[Key].Column}.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static VariableAddress parse(String text) {
        int open = text.indexOf('[');
        if (open < 0) {
            if (text.indexOf(']') >= 0) {
                throw new IllegalArgumentException("']' without '[' in variable name '" + text + "'");
            }
            requireName(text, text);
            return scalar(text);
        }
        int close = text.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("'[' without ']' in variable name '" + text + "'");
        }
        String table = text.substring(0, open);
        String key = text.substring(open + 1, close);
        String rest = text.substring(close + 1);
        requireName(table, text);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty row key in '" + text + "'");
        }
        if (!rest.startsWith(".") || rest.length() < 2) {
            throw new IllegalArgumentException("a table cell is written Table[Key].Column: '" + text + "'");
        }
        String column = rest.substring(1);
        if (!column.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("invalid column name '" + column + "' in '" + text + "'");
        }
        return cell(table, key, column);
    }

    private static void requireName(String name, String whole) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1
                || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.')) {
            throw new IllegalArgumentException("'" + whole + "' is not a variable name (Service.Variable)");
        }
    }

    public boolean isCell() {
        return rowKey.isPresent();
    }

    /** The name of the variable's spec: the scalar name, or {@code Table.Column}. */
    public String specName() {
        return column.map(c -> name + "." + c).orElse(name);
    }

    @Override
    public String toString() {
        return rowKey.map(k -> name + "[" + k + "]." + column.get()).orElse(name);
    }
}
