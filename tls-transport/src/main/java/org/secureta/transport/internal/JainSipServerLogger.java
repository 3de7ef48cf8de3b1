package org.secureta.transport.internal;

import java.util.Optional;
import java.util.Properties;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;

/**
 * JAIN-SIP's message trace (named in {@code gov.nist.javax.sip.SERVER_LOGGER}, created by the
 * stack): hands every message sent or received to the unit's {@link MessageTrace} of this stack,
 * and writes it at TRACE level of {@code org.secureta.transport.sip}. Messages carry digest
 * responses but never passwords; the TLS key log is a separate, explicit switch.
 */
public final class JainSipServerLogger implements ServerLogger {

    private static final System.Logger LOG = System.getLogger("org.secureta.transport.sip");

    private volatile String stackName;
    private volatile MessageTrace trace;

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (LOG.isLoggable(System.Logger.Level.TRACE)) {
            LOG.log(System.Logger.Level.TRACE, (sender ? "sent " : "received ") + from + " -> " + to + "\n" + message.encode());
        }
        trace().ifPresent(t -> t.seen(message, from, to, sender, time));
    }

    /** Looked up late: the stack creates its server logger before the unit is fully wired. */
    private Optional<MessageTrace> trace() {
        MessageTrace known = trace;
        if (known == null) {
            known = MessageTrace.forStack(stackName).orElse(null);
            trace = known;
        }
        return Optional.ofNullable(known);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, sender, 0);
    }

    @Override
    public void logException(Exception ex) {
        LOG.log(System.Logger.Level.DEBUG, "SIP stack exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        if (stackName == null && stackProperties != null) {
            stackName = stackProperties.getProperty("javax.sip.STACK_NAME");
        }
    }

    @Override
    public void setSipStack(javax.sip.SipStack sipStack) {
        stackName = sipStack.getStackName();
    }
}
