package org.secureta.transport;

import java.util.Objects;

/**
 * One row of SipEp.TlsPersistentConnectionStatus: the persistent TLS link from the unit's local
 * port to a gateway's server.
 *
 * @param gateway       the gateway name (SipEp.Gateway key)
 * @param localPort     the unit's local port of the link (SipEp.TransportPersistentBasePort or
 *                      the next free one); 0 while no port is bound
 * @param remoteHost    the server as configured, {@code host:port}
 * @param remoteAddress the address the server name resolved to, {@code ip:port}, empty if unknown
 * @param state         the link state
 * @param lastFailure   why the link last went down or failed to come up, empty if it never did
 * @param tlsVersion    the negotiated TLS version of an Up link ({@code TLSv1.3}), empty otherwise
 * @param suite         the negotiated cipher suite of an Up link, empty otherwise
 */
public record LinkStatus(String gateway, int localPort, String remoteHost, String remoteAddress,
                         LinkState state, String lastFailure, String tlsVersion, String suite) {

    /** A link status without the negotiated TLS parameters (a link that is not Up). */
    public LinkStatus(String gateway, int localPort, String remoteHost, String remoteAddress, LinkState state, String lastFailure) {
        this(gateway, localPort, remoteHost, remoteAddress, state, lastFailure, "", "");
    }

    public LinkStatus {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(remoteHost, "remoteHost");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastFailure, "lastFailure");
        Objects.requireNonNull(tlsVersion, "tlsVersion");
        Objects.requireNonNull(suite, "suite");
    }

    /** The unit event announcing this status. */
    public UnitEvent toEvent() {
        return toEvent("");
    }

    /**
     * The unit event announcing this status, with a syslog-style message (empty: none). The
     * reason is left out while the link is Up (the last failure stays in {@link #lastFailure}).
     */
    public UnitEvent toEvent(String message) {
        java.util.List<String> attributes = new java.util.ArrayList<>(java.util.List.of(
                "gateway", gateway,
                "state", state.name(),
                "localPort", Integer.toString(localPort),
                "remoteHost", remoteHost,
                "remoteAddress", remoteAddress));
        // An Up link has no failure to report: an old one would read as the reason it is up; a
        // link that never failed (the first WaitingUp) has none either.
        if (state != LinkState.Up && !lastFailure.isEmpty()) {
            attributes.addAll(java.util.List.of("reason", lastFailure));
        }
        if (state == LinkState.Up && !tlsVersion.isEmpty()) {
            attributes.addAll(java.util.List.of("tlsVersion", tlsVersion, "suite", suite));
        }
        if (!message.isEmpty()) {
            attributes.addAll(java.util.List.of("message", message));
        }
        return UnitEvent.of(UnitEvent.TLS_LINK, attributes.toArray(String[]::new));
    }
}
