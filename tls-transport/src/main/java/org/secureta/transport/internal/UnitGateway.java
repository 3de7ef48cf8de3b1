package org.secureta.transport.internal;

import java.util.Optional;

import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.Transport;

/** One gateway of a unit: its server (where out-of-dialog requests go), its registrar and its persistent link. */
final class UnitGateway {

    final GatewayConfiguration config;
    /** Where out-of-dialog requests go; null for a gateway that only receives (a trunk peer calls us). */
    final ServerAddress server;
    final Optional<ServerAddress> registrar;
    /** The server is configured as domain:0 and found by DNS SRV (RFC 3263 4.2). */
    final boolean srv;
    /** Set once the unit's stack is up (TLS only). */
    volatile PersistentLink link;

    private UnitGateway(GatewayConfiguration config, ServerAddress server, Optional<ServerAddress> registrar, boolean srv) {
        this.config = config;
        this.server = server;
        this.registrar = registrar;
        this.srv = srv;
    }

    /**
     * The gateway as configured: the first of SipEp.Gateway's OutboundProxyHost, ProxyHost and
     * RegistrarHost is the server; a port left out is the transport's default (5061 with TLS).
     */
    static UnitGateway of(GatewayConfiguration gateway, Transport transport) {
        int defaultPort = transport == Transport.TLS ? 5061 : 5060;
        String first = !gateway.outboundProxyHost().isBlank() ? gateway.outboundProxyHost()
                : !gateway.proxyHost().isBlank() ? gateway.proxyHost() : gateway.registrarHost();
        String field = !gateway.outboundProxyHost().isBlank() ? "outboundProxyHost"
                : !gateway.proxyHost().isBlank() ? "proxyHost" : "registrarHost";
        ServerAddress server = first.isBlank() ? null : ServerAddress.parse(first, defaultPort, "gateway " + gateway.name() + " " + field);
        Optional<ServerAddress> registrar = gateway.registrarHost().isBlank() ? Optional.empty()
                : Optional.of(ServerAddress.parse(gateway.registrarHost(), defaultPort, "gateway " + gateway.name() + " registrarHost"));
        boolean srv = transport == Transport.TLS && SrvResolver.wantsSrv(first);
        return new UnitGateway(gateway, server, registrar, srv);
    }

    String name() {
        return config.name();
    }

    boolean linkUp() {
        PersistentLink current = link;
        return current != null && current.isUp();
    }
}
