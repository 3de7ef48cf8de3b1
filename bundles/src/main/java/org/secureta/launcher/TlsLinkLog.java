package org.secureta.launcher;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What TLS each unit's persistent links negotiated, from the transport's own
 * {@code establishing persistent connection} log record (the guide's syslog line), whose
 * parameters are gateway, local port, server, protocol and cipher suite. The units of the demo
 * share this JVM's logging, so links are told apart by their local port, which their
 * {@code TLS_LINK} event names too.
 *
 * <p>This is the fallback for transports that do not yet report the verdict of each message's
 * hop ({@code SipMessageRecord.security}, read by {@link SipTrace}).
 */
final class TlsLinkLog extends Handler implements AutoCloseable {

    static final String LOGGER = "org.secureta.transport.internal.PersistentLink";

    private final Map<String, String> byLocalPort = new ConcurrentHashMap<>();
    private final Logger logger = Logger.getLogger(LOGGER);

    private TlsLinkLog() {
    }

    static TlsLinkLog install() {
        TlsLinkLog log = new TlsLinkLog();
        log.logger.addHandler(log);
        return log;
    }

    @Override
    public void publish(LogRecord record) {
        Object[] p = record.getParameters();
        if (record.getMessage() != null && record.getMessage().startsWith("establishing persistent connection") && p != null && p.length >= 5) {
            byLocalPort.put(String.valueOf(p[1]), p[3] + " " + p[4]);
        }
    }

    /** {@code TLSv1.3 TLS_AES_256_GCM_SHA384} of the link from this local port, if it came up. */
    Optional<String> negotiated(String localPort) {
        return Optional.ofNullable(byLocalPort.get(localPort));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
