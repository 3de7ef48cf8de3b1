package org.secureta.transport.internal;

import java.lang.System.Logger.Level;
import java.util.Properties;

import gov.nist.core.StackLogger;

/**
 * Sends JAIN-SIP's own logging to {@link System.Logger} (its default logger needs log4j 1.x).
 * Named in the stack property {@code gov.nist.javax.sip.STACK_LOGGER}; the stack creates it.
 */
public final class JainSipLogger implements StackLogger {

    private static final System.Logger LOG = System.getLogger("org.secureta.transport.jainsip");

    private static Level level(int traceLevel) {
        if (traceLevel <= TRACE_ERROR) {
            return Level.ERROR;
        }
        if (traceLevel <= TRACE_WARN) {
            return Level.WARNING;
        }
        if (traceLevel <= TRACE_INFO) {
            return Level.INFO;
        }
        return traceLevel <= TRACE_DEBUG ? Level.DEBUG : Level.TRACE;
    }

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int traceLevel) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.log(Level.DEBUG, "JAIN-SIP exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.log(Level.DEBUG, message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.log(Level.DEBUG, message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.log(Level.TRACE, message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.log(Level.ERROR, message);
    }

    /**
     * The stack's errors are warnings of the library: most are what the unit reports itself as
     * events (a refused connection, a failed handshake: TLS_LINK ... reason=...), some are the
     * stack's own faults on those paths. The launcher keeps them in the log file, not on the
     * console (docs/logging.md: HOME/logs/).
     */
    @Override
    public void logError(String message) {
        LOG.log(Level.WARNING, message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isLoggable(Level.DEBUG);
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        // TRACE_MESSAGES gates the server logger, which feeds the unit's message trace; the
        // stack's info lines it also enables go to DEBUG (logInfo).
        return logLevel == TRACE_MESSAGES || LOG.isLoggable(level(logLevel));
    }

    @Override
    public void logError(String message, Exception ex) {
        // Connection failures surface here with full traces; the unit reports their reasons itself.
        // One record with the exception attached: the log file keeps the trace, the console shows none.
        LOG.log(Level.WARNING, message, ex);
    }

    @Override
    public void logWarning(String message) {
        // The stack warns about its own key store defaults, which our network layer replaces.
        LOG.log(Level.DEBUG, message);
    }

    @Override
    public void logInfo(String message) {
        LOG.log(Level.DEBUG, message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return "org.secureta.transport.jainsip";
    }
}
