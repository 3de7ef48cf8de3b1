package org.secureta.provisioning.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the profile file format: one {@code Service.Variable=Value} per line, table cells as
 * {@code Service.Table[Key].Column=Value}, {@code #} starts a comment line, blank lines ignored,
 * spaces around the name and value ignored. Every line is checked; if any is wrong, all errors are
 * reported together and nothing of the file is applied.
 */
public final class ProfileParser {

    /** A profile is a few hundred lines; anything far larger is not a profile. */
    static final int MAX_BYTES = 1 << 20;

    private final DeviceSchema schema;

    public ProfileParser(DeviceSchema schema) {
        this.schema = schema;
    }

    public Profile parse(Path file) throws ProfileException, IOException {
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.size(file) > MAX_BYTES) {
            throw new ProfileException(new ProfileError(source, 0, "", "file is larger than " + MAX_BYTES + " bytes", ""));
        }
        return parse(Files.readAllBytes(file), source);
    }

    public Profile parse(byte[] content, String source) throws ProfileException {
        if (content.length > MAX_BYTES) {
            throw new ProfileException(new ProfileError(source, 0, "", "profile is larger than " + MAX_BYTES + " bytes", ""));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new ProfileException(new ProfileError(source, 0, "", "profile is not UTF-8 text", ""));
        }
        return parse(text, source);
    }

    public Profile parse(String text, String source) throws ProfileException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<ProfileError> errors = new ArrayList<>();
        Map<VariableAddress, String> values = new LinkedHashMap<>();
        Map<VariableAddress, Integer> lines = new LinkedHashMap<>();
        String[] split = text.split("\r?\n|\r", -1);
        for (int i = 0; i < split.length; i++) {
            int lineNumber = i + 1;
            String line = split[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                errors.add(new ProfileError(source, lineNumber, "", "expected Service.Variable=Value, found '" + abbreviate(line) + "'", ""));
                continue;
            }
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            VariableAddress address;
            try {
                address = VariableAddress.parse(name);
            } catch (IllegalArgumentException e) {
                errors.add(new ProfileError(source, lineNumber, abbreviate(name), e.getMessage(), ""));
                continue;
            }
            Optional<ProfileError> error = checkAssignment(schema, address, value, source, lineNumber);
            if (error.isPresent()) {
                errors.add(error.get());
                continue;
            }
            Integer first = lines.putIfAbsent(address, lineNumber);
            if (first != null) {
                errors.add(new ProfileError(source, lineNumber, name, "set twice (first on line " + first + ")", ""));
                continue;
            }
            values.put(address, value);
        }
        if (!errors.isEmpty()) {
            throw new ProfileException(errors);
        }
        return Profile.of(schema, values, lines, source);
    }

    /** Checks one assignment against the schema: known, writable, value of the right type. */
    static Optional<ProfileError> checkAssignment(DeviceSchema schema, VariableAddress address, String value, String source, int line) {
        String written = address.toString();
        if (schema.isReadOnly(address.name()) || schema.isReadOnly(address.specName())) {
            return Optional.of(new ProfileError(source, line, written, "is read-only status of the unit, not a setting", ""));
        }
        if (address.isCell()) {
            Optional<TableSpec> table = schema.table(address.name());
            if (table.isEmpty()) {
                return Optional.of(new ProfileError(source, line, written, "unknown table" + suggestion(schema, address.name()), ""));
            }
            String key = address.rowKey().get();
            Optional<String> keyError = table.get().keyType().check(key);
            if (keyError.isPresent()) {
                return Optional.of(new ProfileError(source, line, written, "row key " + keyError.get(), table.get().keyType().allowed()));
            }
            if (table.get().column(address.column().get()).isEmpty()) {
                return Optional.of(new ProfileError(source, line, written, "table " + table.get().name() + " has no column "
                        + address.column().get(), String.join(", ", table.get().columns().keySet())));
            }
        } else if (schema.scalar(address.name()).isEmpty()) {
            int lastDot = address.name().lastIndexOf('.');
            String maybeTable = lastDot > 0 ? address.name().substring(0, lastDot) : "";
            if (schema.table(address.name()).isPresent() || schema.table(maybeTable).isPresent()) {
                String table = schema.table(address.name()).isPresent() ? address.name() : maybeTable;
                TableSpec spec = schema.table(table).get();
                return Optional.of(new ProfileError(source, line, written, table + " is a table: write " + table + "["
                        + spec.keyName() + "]." + (table.equals(maybeTable) ? address.name().substring(lastDot + 1) : "Column"), ""));
            }
            return Optional.of(new ProfileError(source, line, written, "unknown variable" + suggestion(schema, address.name()), ""));
        }
        VariableSpec spec = schema.spec(address).orElseThrow();
        return spec.type().check(value).map(message -> new ProfileError(source, line, written,
                spec.secret() ? "value is not valid (" + spec.type().allowed() + ")" : message,
                spec.type() instanceof ValueType.Text ? "" : spec.type().allowed()));
    }

    private static String suggestion(DeviceSchema schema, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Stream.concat(schema.scalars().keySet().stream(), schema.tables().keySet().stream())
                .min(Comparator.comparingInt(candidate -> distance(lower, candidate.toLowerCase(Locale.ROOT))))
                .filter(best -> distance(lower, best.toLowerCase(Locale.ROOT)) <= Math.max(2, name.length() / 6))
                .map(best -> " (did you mean " + best + "?)")
                .orElse("");
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
