package org.secureta.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the diagnostics of the JVM's libraries go. Everything logs through java.util.logging in
 * the end: JAIN-SIP through tls-transport's JainSipLogger (System.Logger), Bouncy Castle directly,
 * the Felix framework through {@link #felixLogger()}, the OSGi log service (SCR, EventAdmin,
 * ConfigAdmin) through {@link OsgiLogBridge}; Jetty logs through slf4j, bound to nop.
 *
 * <p>Without this the JDK's default handler printed INFO records with stack traces to standard
 * error, and with {@code 2>&1} they landed in the unit's event lines. Now the console gets one
 * line per real warning (no stack trace), and a rotating file {@code HOME/logs/secureta.N.log}
 * gets every record with its stack trace. {@code --debug} (or {@code -Dsecureta.debug=true})
 * logs FINE detail to both and shows stack traces on the console.
 */
public final class Logging {

    /** System property that turns debug logging on, as {@code --debug} does. */
    static final String DEBUG_PROPERTY = "secureta.debug";
    static final String FILE_PATTERN = "secureta.%g.log";
    static final int FILE_LIMIT = 5 * 1024 * 1024;
    static final int FILE_COUNT = 5;
    /**
     * JAIN-SIP reports as "errors" what the unit already reports as events (a refused
     * connection, a failed handshake) and its own internal faults on such paths (an NPE on a
     * closed channel); its console threshold is therefore SEVERE (logFatalError), the rest goes
     * to the file.
     */
    static final String JAIN_SIP_LOGGER = "org.secureta.transport.jainsip";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static Path current;

    private Logging() {
    }

    public static boolean debugRequested() {
        return Boolean.getBoolean(DEBUG_PROPERTY);
    }

    /**
     * Replaces the JDK's default handlers: console ({@code console}, normally standard error)
     * and the rotating file in {@code logDir}. Called once per launcher command; a second call
     * (tests running several commands in one JVM) moves the file.
     *
     * @return the first log file
     */
    public static synchronized Path configure(Path logDir, boolean debug, PrintStream console) throws IOException {
        Files.createDirectories(logDir);
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        FileHandler file = new FileHandler(logDir.toAbsolutePath().resolve(FILE_PATTERN).toString(), FILE_LIMIT, FILE_COUNT, true);
        file.setEncoding("UTF-8");
        file.setFormatter(new FileFormat());
        file.setLevel(debug ? Level.ALL : Level.INFO);
        root.addHandler(file);
        root.addHandler(new ConsoleHandler(console, debug));
        root.setLevel(debug ? Level.FINE : Level.INFO);
        // JAIN-SIP asks its logger whether debug is on before building every message text.
        Logger.getLogger(JAIN_SIP_LOGGER).setLevel(debug ? Level.FINE : Level.INFO);
        current = logDir.toAbsolutePath().resolve(FILE_PATTERN.replace("%g", "0"));
        return current;
    }

    /** The file the last {@link #configure} opened. */
    static synchronized Optional<Path> file() {
        return Optional.ofNullable(current);
    }

    /** Felix's own framework messages (resolver errors, bundle events), for {@code felix.log.logger}. */
    static Object felixLogger() {
        return new FelixLogger();
    }

    /** The {@code felix.log.level}: Felix filters before calling its logger, so let through what JUL wants. */
    static String felixLogLevel() {
        return Logger.getLogger("org.apache.felix.framework").isLoggable(Level.FINE) ? "4" : "2";
    }

    /** Felix's framework logger, given as {@code felix.log.logger}: its records go to JUL. */
    static final class FelixLogger extends org.apache.felix.framework.Logger {
        private static final Logger LOG = Logger.getLogger("org.apache.felix.framework");

        @Override
        protected void doLog(org.osgi.framework.Bundle bundle, org.osgi.framework.ServiceReference sr, int level, String message,
                             Throwable t) {
            String prefix = bundle == null ? "" : bundle.getSymbolicName() + ": ";
            LOG.log(osgiLevel(level), prefix + message, t);
        }

        @Override
        protected void doLog(int level, String message, Throwable t) {
            LOG.log(osgiLevel(level), message, t);
        }
    }

    /** OSGi LogService levels: 1 error, 2 warning, 3 info, 4 debug. */
    static Level osgiLevel(int level) {
        return switch (level) {
            case 1 -> Level.SEVERE;
            case 2 -> Level.WARNING;
            case 3 -> Level.INFO;
            default -> Level.FINE;
        };
    }

    /** One line per record, no stack trace unless debugging; the file has the details. */
    static final class ConsoleHandler extends Handler {
        private final PrintStream out;
        private final boolean debug;

        ConsoleHandler(PrintStream out, boolean debug) {
            this.out = out;
            this.debug = debug;
            setLevel(debug ? Level.FINE : Level.WARNING);
        }

        @Override
        public void publish(LogRecord r) {
            if (!isLoggable(r)) {
                return;
            }
            if (!debug && r.getLevel().intValue() < Level.SEVERE.intValue() && !consoleWarning(r.getLoggerName())) {
                return;
            }
            if (!debug && switchedOffOnPurpose(r)) {
                return;
            }
            String text = consoleLine(r, debug);
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /**
     * Whether a logger's warnings are the operator's business. Not JAIN-SIP's (see
     * {@link #JAIN_SIP_LOGGER}), nor the OSGi platform's (EventAdmin's "Event Task Processing
     * Interrupted" as the unit stops, a handler it blacklists): their errors still are.
     */
    static boolean consoleWarning(String logger) {
        if (logger == null) {
            return true;
        }
        if (logger.equals(JAIN_SIP_LOGGER)) {
            return false;
        }
        if (logger.startsWith("org.jitsi.") || logger.startsWith("net.sf.fmj") || logger.startsWith("osgi.org.jitsi.")) {
            // libjitsi and fmj warn about what the unit does not use headless (the capture device it never
            // opens, the native OpenSSL it does not ship): the file has them; a call's own trouble is an event.
            return false;
        }
        return !logger.startsWith("osgi.") || logger.startsWith("osgi.org.secureta.");
    }

    /**
     * libjitsi's SEVERE complaint, at the first use of its media service, that it cannot register the
     * PulseAudio renderer: the launcher switched PulseAudio off on purpose (headless, docs/libjitsi.md).
     * Not the operator's business; the file keeps it.
     */
    static boolean switchedOffOnPurpose(LogRecord r) {
        return "org.jitsi.impl.neomedia.device.DeviceConfiguration".equals(r.getLoggerName()) && r.getMessage() != null
                && r.getMessage().contains("PulseAudioRenderer");
    }

    /** {@code ta: WARNING org.example: message (IOException: reason)}. */
    static String consoleLine(LogRecord r, boolean withTrace) {
        StringBuilder s = new StringBuilder("ta: ").append(r.getLevel().getName()).append(' ')
                .append(r.getLoggerName() == null ? "" : r.getLoggerName()).append(": ").append(message(r));
        Throwable t = r.getThrown();
        if (t != null) {
            if (withTrace) {
                s.append('\n').append(trace(t));
            } else {
                s.append(" (").append(t.getClass().getSimpleName()).append(t.getMessage() == null ? "" : ": " + t.getMessage()).append(')');
            }
        }
        return s.toString().strip();
    }

    static final class FileFormat extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder s = new StringBuilder(TIME.format(r.getInstant())).append(' ').append(r.getLevel().getName()).append(' ')
                    .append('[').append(Thread.currentThread().getName()).append("] ")
                    .append(r.getLoggerName()).append(": ").append(message(r)).append('\n');
            if (r.getThrown() != null) {
                s.append(trace(r.getThrown()));
            }
            return s.toString();
        }
    }

    private static String message(LogRecord r) {
        String m = r.getMessage() == null ? "" : r.getMessage();
        Object[] p = r.getParameters();
        if (p != null && p.length > 0 && m.contains("{0")) {
            try {
                return java.text.MessageFormat.format(m, p);
            } catch (IllegalArgumentException e) {
                return m;
            }
        }
        return m;
    }

    private static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
