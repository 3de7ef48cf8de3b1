package org.secureta.transport.internal;

import java.net.InetAddress;
import java.util.Optional;

import javax.sip.ListeningPoint;
import javax.sip.SipProvider;

import gov.nist.javax.sip.SipStackImpl;

import org.secureta.transport.Transport;

/**
 * A unit's running JAIN-SIP stack, as {@link SipStackFactory} opened it: the listening point on
 * the unit's local (persistent) port and its provider, the TLS server's provider if any, and the
 * TLS endpoint. Closing it stops the stack and gives back what the unit registered by stack name
 * and its claimed port.
 */
final class UnitStack {

    final String name;
    final Transport transport;
    InetAddress localAddress;
    int localPort;
    int claimedPort = -1;
    SipStackImpl stack;
    SipProvider provider;
    ListeningPoint listeningPoint;
    /** Null unless the transport is TLS. */
    TlsEndpoint tls;

    UnitStack(String name, Transport transport) {
        this.name = name;
        this.transport = transport;
    }

    Optional<TlsEndpoint> tls() {
        return Optional.ofNullable(tls);
    }

    boolean started() {
        return stack != null;
    }

    /** {@code tls}, {@code udp}...: the transport as URI and Via parameters name it. */
    String transportParameter() {
        return transport.name().toLowerCase(java.util.Locale.ROOT);
    }

    void close() {
        if (stack != null) {
            SharedSipTimer.stopWithoutSleep(stack::stop);
        }
        TlsEndpoint.unregister(name);
        MessageTrace.unregister(name);
        UnitRouter.forget(name);
        if (claimedPort >= 0) {
            PortAllocator.release(claimedPort);
        }
    }
}
