package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;

import javax.sip.ListeningPoint;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The stack's message processors (named in {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}):
 * JAIN-SIP's blocking ones, except that TLS gets {@link TlsConnectionProcessor}, whose
 * connections are read and parsed on one thread each instead of two (issue 18: a fleet's thread
 * budget). Blocking, not JAIN-SIP's NIO processors: those lose the first request of a TLS client
 * connection (see {@link SipStackFactory}).
 */
public final class UnitMessageProcessorFactory implements MessageProcessorFactory {

    private final OIOMessageProcessorFactory blocking = new OIOMessageProcessorFactory();

    /** JAIN-SIP creates it by class name. */
    public UnitMessageProcessorFactory() {
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack sipStack, InetAddress address, int port, String transport)
            throws IOException {
        if (ListeningPoint.TLS.equalsIgnoreCase(transport)) {
            return new TlsConnectionProcessor(address, sipStack, port);
        }
        return blocking.createMessageProcessor(sipStack, address, port, transport);
    }
}
