package org.secureta.transport;

/** SipEp.RegistrationStatus.State of one line. */
public enum RegistrationState {
    Unregistered,
    /** REGISTER sent, no final answer yet. */
    Registering,
    Registered,
    /** Refresh REGISTER sent before the binding expires. */
    Refreshing,
    /** REGISTER with expiry 0 sent. */
    Unregistering,
    /** No answer: no link, connection refused, TLS handshake failed or transaction timeout. */
    Unreachable,
    /** The registrar refused our digest credentials. */
    AuthFailed,
    /** The registrar refused the registration (403 and other final failures). */
    Rejected,
    /** The line cannot register as configured (no registrar, unknown gateway, bad address). */
    ConfigError,
    /** The registrar answered something we cannot use (2xx without our binding, bad headers). */
    InvalidResponse
}
