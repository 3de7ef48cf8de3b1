package org.secureta.srtp.internal;

import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.transport.SipTransport;
import org.secureta.transport.Transport;

/**
 * The settings a call starts with: the unit's configuration (swapped by a reconfiguration only
 * while no call is in progress, so that a call never changes its rules half-way), the line
 * overrides and the registered key managements, and the keying parameters a call gives a method.
 */
final class CallSettings {

    private final KeyManagements keyManagements;
    private final LineOverrides lineOverrides;
    private final SipTransport sip;
    private CallAgentConfiguration current;
    private CallAgentConfiguration pending;

    CallSettings(CallAgentConfiguration config, KeyManagements keyManagements, LineOverrides lineOverrides, SipTransport sip) {
        this.current = config;
        this.keyManagements = keyManagements;
        this.lineOverrides = lineOverrides;
        this.sip = sip;
        attributeNames();
    }

    synchronized CallAgentConfiguration current() {
        return current;
    }

    KeyManagements keyManagements() {
        return keyManagements;
    }

    /** Takes {@code changed} now when {@code idle}, else keeps it for {@link #applyPendingIfIdle}; true when applied. */
    synchronized boolean reconfigure(CallAgentConfiguration changed, boolean idle) {
        if (idle) {
            current = changed;
            pending = null;
            return true;
        }
        pending = changed;
        return false;
    }

    /** Applies a waiting configuration once no call is in progress; true when it did. */
    synchronized boolean applyPendingIfIdle(boolean idle) {
        if (idle && pending != null) {
            current = pending;
            pending = null;
            return true;
        }
        return false;
    }

    /** The SDP attributes the registered key managements declare as theirs ({@link org.secureta.srtp.keymgmt.KeyingNeeds#attributeNames()}). */
    java.util.Set<String> attributeNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        keyManagements.all().forEach(k -> names.addAll(k.needs().attributeNames()));
        // Whatever SDP the agent reads or writes with these names, its logs hide their values.
        org.secureta.srtp.sdp.SecretAttributes.declare(names);
        return names;
    }

    /** The line's override when it has one (Mipt.EpSpecificSecurity), else the unit's defaults. */
    LineSecurity securityOf(String line) {
        return lineOverrides.override(line).orElseGet(() -> LineSecurity.defaults(current()));
    }

    /**
     * The key management a call's security names, checked against what it declares it needs.
     *
     * @throws KeyManagementException when it is not registered (naming those that are), or needs
     *                                secure signalling the transport does not give
     */
    KeyManagement keyManagementOf(Call call) throws KeyManagementException {
        String name = call.crypto.security.keyManagement();
        KeyManagement method = keyManagements.named(name).orElseThrow(() -> new KeyManagementException(
                "keyManagement '" + name + "' (" + call.crypto.security.source() + ") is not registered; available: "
                        + keyManagements.all().stream().map(KeyManagement::name).sorted().toList()));
        requireSignalling(method, sip.transport());
        return method;
    }

    /** @throws KeyManagementException when {@code method} carries readable keys and {@code transport} is not TLS */
    static void requireSignalling(KeyManagement method, Transport transport) throws KeyManagementException {
        if (method.needs().requiresSecureSignalling() && transport != Transport.TLS) {
            throw new KeyManagementException("keyManagement " + method.name() + " puts its keys readable in the SDP and needs "
                    + "TLS signalling; the transport is " + transport);
        }
    }

    /** What the call gives a key management; the method adds its own settings. */
    KeyingParameters parameters(Call call, int mediaCount) {
        return new KeyingParameters(mediaCount, call.crypto.security.rtpEncryption(), sip.transport() == Transport.TLS);
    }
}
