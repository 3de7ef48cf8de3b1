package org.secureta.opensips.internal;

import java.util.List;

/** A configuration file being written: lines, comments and quoted strings in the cfg syntax both proxies share. */
final class Script {

    private final StringBuilder text = new StringBuilder();

    Script line(String line) {
        text.append(line).append('\n');
        return this;
    }

    Script blank() {
        text.append('\n');
        return this;
    }

    /** One or more comment lines, each prefixed with {@code # }. */
    Script comment(String... lines) {
        for (String l : lines) {
            text.append(l.isEmpty() ? "#" : "# " + l).append('\n');
        }
        return this;
    }

    Script comments(List<String> lines) {
        return comment(lines.toArray(String[]::new));
    }

    Script section(String title) {
        return blank().line("####### " + title + " #######").blank();
    }

    /**
     * A double-quoted string literal. Both cfg grammars take backslash escapes inside quotes;
     * profile values have no control characters (ValueType.Text), so only the quote and the
     * backslash need escaping.
     */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
