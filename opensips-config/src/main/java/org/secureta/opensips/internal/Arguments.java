package org.secureta.opensips.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line words split into options ({@code --name value}, repeatable where allowed) and
 * positional arguments. Anything else is a {@link UsageException} naming the word.
 */
final class Arguments {

    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Arguments() {
    }

    static Arguments parse(String command, String[] words, Set<String> single, Set<String> repeatable) throws UsageException {
        Arguments a = new Arguments();
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w == null) {
                throw new UsageException(command + ": empty argument");
            }
            if (w.startsWith("--")) {
                String name = w.substring(2);
                int eq = name.indexOf('=');
                String value = null;
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (!single.contains(name) && !repeatable.contains(name)) {
                    throw new UsageException(command + ": unknown option --" + name);
                }
                if (value == null) {
                    if (i + 1 >= words.length || words[i + 1].startsWith("--")) {
                        throw new UsageException(command + ": --" + name + " needs a value");
                    }
                    value = words[++i];
                }
                List<String> values = a.options.computeIfAbsent(name, n -> new ArrayList<>());
                if (single.contains(name) && !values.isEmpty()) {
                    throw new UsageException(command + ": --" + name + " given twice");
                }
                values.add(value);
            } else if (w.startsWith("-") && w.length() > 1) {
                throw new UsageException(command + ": unknown option " + w);
            } else {
                a.positional.add(w);
            }
        }
        return a;
    }

    Optional<String> option(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    List<String> positional() {
        return positional;
    }

    /** Wrong or missing arguments; the message names the argument and what is allowed. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
