package org.secureta.transport;

/** SipEp.TlsPersistentConnectionStatus.State: the state of one persistent TLS link. */
public enum LinkState {
    /** Connected, handshake done, certificate accepted. */
    Up,
    /** Not connected; the last failure says why. The unit retries every failback interval. */
    Down,
    /** Connecting or handshaking. */
    WaitingUp,
    /** Closing on purpose (configuration change or shutdown). */
    WaitingShutdown
}
