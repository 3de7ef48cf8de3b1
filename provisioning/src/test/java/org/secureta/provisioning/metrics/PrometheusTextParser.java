package org.secureta.provisioning.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for the tests: it refuses what
 * Prometheus' own parser refuses (bad names, bad escapes, bad numbers, a TYPE after the family's
 * samples, HELP or TYPE twice, a family's samples split by another family, the same series twice)
 * and what this project promises beyond that: every family has HELP and TYPE, counters end in
 * {@code _total} and never go below 0, and a histogram has increasing {@code le} bounds with
 * cumulative non-decreasing buckets ending in {@code +Inf}, equal to its {@code _count}, and a
 * {@code _sum}. A refusal names the line. Not a copy of any library's parser: written from the
 * format's description.
 */
public final class PrometheusTextParser {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its name, labels (in order) and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One family: HELP, TYPE and samples. */
    public record Family(String name, String help, String type, List<Sample> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    private PrometheusTextParser() {
    }

    /** Parses {@code text}, or throws IllegalArgumentException naming the first thing wrong. */
    public static PrometheusTextParser parse(String text) {
        PrometheusTextParser p = new PrometheusTextParser();
        p.read(text);
        return p;
    }

    public Map<String, Family> families() {
        return families;
    }

    /** The value of the sample {@code name} with exactly these labels (name, value pairs). */
    public Optional<Double> value(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(name) && new TreeMap<>(s.labels()).equals(wanted)) {
                    return Optional.of(s.value());
                }
            }
        }
        return Optional.empty();
    }

    /** Like {@link #value} but the sample must be there. */
    public double require(String name, String... labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + " " + List.of(labels) + " in the exposition"));
    }

    private void read(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> type = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + number + " '" + line + "': ";
            if (line.startsWith("#")) {
                String[] words = line.split(" ", 4);
                if (words.length >= 3 && (words[1].equals("HELP") || words[1].equals("TYPE"))) {
                    String family = words[2];
                    require(NAME.matcher(family).matches(), where + "bad metric name");
                    if (words[1].equals("HELP")) {
                        require(!help.containsKey(family), where + "second HELP for " + family);
                        String h = words.length > 3 ? words[3] : "";
                        checkHelpEscapes(h, where);
                        help.put(family, h);
                    } else {
                        require(!type.containsKey(family), where + "second TYPE for " + family);
                        require(!samples.containsKey(family), where + "TYPE after the samples of " + family);
                        require(words.length == 4 && TYPES.contains(words[3]), where + "unknown type");
                        type.put(family, words[3]);
                    }
                    if (!family.equals(current)) {
                        require(!closed.contains(family), where + "family " + family + " continued after another family");
                        if (current != null) {
                            closed.add(current);
                        }
                        current = family;
                    }
                }
                continue;
            }
            Sample sample = sample(line, where);
            String family = familyOf(sample.name(), type);
            if (!family.equals(current)) {
                require(!closed.contains(family), where + "samples of " + family + " split by another family");
                if (current != null) {
                    closed.add(current);
                }
                current = family;
            }
            require(series.add(sample.name() + new TreeMap<>(sample.labels())), where + "the same series twice");
            samples.computeIfAbsent(family, k -> new ArrayList<>()).add(sample);
        }
        Set<String> names = new java.util.LinkedHashSet<>(type.keySet());
        names.addAll(samples.keySet());
        names.addAll(help.keySet());
        for (String family : names) {
            require(help.containsKey(family), "family " + family + " has no HELP");
            require(type.containsKey(family), "family " + family + " has no TYPE");
            Family f = new Family(family, help.get(family), type.get(family), samples.getOrDefault(family, List.of()));
            check(f);
            families.put(family, f);
        }
    }

    private static String familyOf(String sampleName, Map<String, String> type) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if ("histogram".equals(type.get(base)) || "summary".equals(type.get(base))) {
                    return base;
                }
            }
        }
        return sampleName;
    }

    private static void check(Family f) {
        switch (f.type()) {
            case "counter" -> {
                require(f.name().endsWith("_total"), "counter " + f.name() + " does not end in _total");
                for (Sample s : f.samples()) {
                    require(s.value() >= 0, "counter " + f.name() + " below 0: " + s);
                }
            }
            case "histogram" -> checkHistogram(f);
            default -> {
            }
        }
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (Sample s : f.samples()) {
            Map<String, String> others = new TreeMap<>(s.labels());
            if (s.name().equals(f.name() + "_bucket")) {
                require(others.remove("le") != null, "bucket without le: " + s);
                buckets.computeIfAbsent(others, k -> new ArrayList<>()).add(s);
            } else if (s.name().equals(f.name() + "_count")) {
                counts.put(others, s.value());
            } else if (s.name().equals(f.name() + "_sum")) {
                sums.add(others);
            } else {
                throw new IllegalArgumentException("histogram " + f.name() + " has a sample " + s.name());
            }
        }
        require(!buckets.isEmpty(), "histogram " + f.name() + " has no bucket");
        buckets.forEach((labels, list) -> {
            double previousBound = Double.NEGATIVE_INFINITY;
            double previousCount = 0;
            for (Sample b : list) {
                double bound = parseFloat(b.labels().get("le"));
                require(bound > previousBound, "histogram " + f.name() + ": le bounds do not increase at " + b);
                require(b.value() >= previousCount, "histogram " + f.name() + ": buckets not cumulative at " + b);
                previousBound = bound;
                previousCount = b.value();
            }
            require(previousBound == Double.POSITIVE_INFINITY, "histogram " + f.name() + " has no le=\"+Inf\" bucket last");
            require(counts.containsKey(labels) && counts.get(labels) == previousCount,
                    "histogram " + f.name() + ": _count differs from the +Inf bucket or is missing");
            require(sums.contains(labels), "histogram " + f.name() + " has no _sum");
        });
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(NAME.matcher(name).matches(), where + "bad metric name");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                require(i < line.length(), where + "unterminated label set");
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                require(eq > i, where + "label without '='");
                String label = line.substring(i, eq);
                require(LABEL.matcher(label).matches() && !label.startsWith("__"), where + "bad label name '" + label + "'");
                require(eq + 1 < line.length() && line.charAt(eq + 1) == '"', where + "label value not quoted");
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    require(j < line.length(), where + "unterminated label value");
                    char c = line.charAt(j);
                    if (c == '\\') {
                        require(j + 1 < line.length(), where + "dangling escape");
                        char e = line.charAt(j + 1);
                        require(e == '\\' || e == '"' || e == 'n', where + "bad escape \\" + e);
                        value.append(e == 'n' ? '\n' : e);
                        j += 2;
                    } else if (c == '"') {
                        j++;
                        break;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                require(labels.put(label, value.toString()) == null, where + "label " + label + " twice");
                i = j;
                require(i < line.length(), where + "unterminated label set");
                if (line.charAt(i) == ',') {
                    i++;
                } else {
                    require(line.charAt(i) == '}', where + "expected ',' or '}' after a label");
                }
            }
        }
        require(i < line.length() && line.charAt(i) == ' ', where + "no space before the value");
        String[] rest = line.substring(i + 1).split(" ", -1);
        require(rest.length == 1 || rest.length == 2, where + "expected a value and at most a timestamp");
        require(FLOAT.matcher(rest[0]).matches(), where + "bad value '" + rest[0] + "'");
        if (rest.length == 2) {
            require(rest[1].matches("-?\\d+"), where + "bad timestamp");
        }
        return new Sample(name, labels, parseFloat(rest[0]));
    }

    private static void checkHelpEscapes(String help, String where) {
        for (int k = 0; k < help.length(); k++) {
            if (help.charAt(k) == '\\') {
                require(k + 1 < help.length() && (help.charAt(k + 1) == '\\' || help.charAt(k + 1) == 'n'), where + "bad escape in HELP");
                k++;
            }
        }
    }

    private static double parseFloat(String s) {
        require(s != null && FLOAT.matcher(s).matches(), "bad number '" + s + "'");
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
