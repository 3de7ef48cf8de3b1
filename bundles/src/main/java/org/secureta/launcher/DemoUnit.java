package org.secureta.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One unit running in this JVM (its own Felix container and home folder), as the demo's call
 * script drives it: through the unit's own Gogo commands ({@code ta:status}, {@code ta:set},
 * {@code ta:call}, ...), like an engineer at its shell.
 *
 * @param name the unit's name (its Host certificate's CN)
 * @param user the SIP user of its line
 * @param securePort where it listens for TLS (SipEp.Gateway SecurePort)
 */
record DemoUnit(String name, String user, int securePort, Path home, Container container, Optional<SipTrace> trace) implements AutoCloseable {

    String command(String function, String... args) throws Exception {
        return container.command(function, args);
    }

    /** {@code ta:status}: the latest event of each subject. */
    String status() throws Exception {
        return container.command("status");
    }

    /** The latest status line of a subject, e.g. {@code "TLS_LINK gateway=Peer"}. */
    Optional<String> latest(String kindAndSubject) throws Exception {
        String wanted = " " + kindAndSubject + " ";
        return status().lines().filter(l -> l.contains(wanted)).findFirst();
    }

    /** Waits until a status line of the subject satisfies {@code test}; fails the step naming the last line seen. */
    String await(String step, String kindAndSubject, Predicate<String> test, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<String> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = latest(kindAndSubject);
            if (last.isPresent() && test.test(last.get())) {
                return last.get();
            }
            Thread.sleep(50);
        }
        throw new StepFailure(step, name + " after " + timeout.toSeconds() + " s: "
                + last.map(l -> "last " + l.substring(l.indexOf(' ') + 1)).orElse("no " + kindAndSubject + " event"));
    }

    /** An attribute of an event line ({@code name=value} or {@code name="quoted value"}), empty if absent. */
    static String attribute(String line, String attribute) {
        String key = " " + attribute + "=";
        int at = line.indexOf(key);
        if (at < 0) {
            return "";
        }
        int start = at + key.length();
        if (start < line.length() && line.charAt(start) == '"') {
            StringBuilder value = new StringBuilder();
            for (int i = start + 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    value.append(line.charAt(++i));
                } else if (c == '"') {
                    break;
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
        int end = line.indexOf(' ', start);
        return end < 0 ? line.substring(start) : line.substring(start, end);
    }

    @Override
    public void close() throws Exception {
        trace.ifPresent(SipTrace::close);
        container.close();
    }
}
