package org.secureta.transport.internal;

import java.util.Properties;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;

/**
 * JAIN-SIP's message trace, at TRACE level of {@code org.secureta.transport.sip}. Messages carry
 * digest responses but never passwords; the TLS key log is a separate, explicit switch.
 */
public final class JainSipServerLogger implements ServerLogger {

    private static final System.Logger LOG = System.getLogger("org.secureta.transport.sip");

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (LOG.isLoggable(System.Logger.Level.TRACE)) {
            LOG.log(System.Logger.Level.TRACE, (sender ? "sent " : "received ") + from + " -> " + to + "\n" + message.encode());
        }
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
    }

    @Override
    public void setSipStack(javax.sip.SipStack sipStack) {
    }
}
