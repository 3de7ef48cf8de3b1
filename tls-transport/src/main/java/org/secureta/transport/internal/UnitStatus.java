package org.secureta.transport.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.secureta.transport.IncomingRequest;
import org.secureta.transport.LinkStatus;
import org.secureta.transport.RegistrationStatus;
import org.secureta.transport.SipResponse;
import org.secureta.transport.SipTransportListener;
import org.secureta.transport.UnitEvent;

/**
 * Where a unit's status changes go: its events (the unit's status and syslog) and the
 * transport's listeners (the call agent). A failing event sink never stops the unit.
 */
final class UnitStatus {

    /** The guide's syslog line when a link comes up (section 2.6). */
    static final String LINK_UP_MESSAGE = "establishing persistent connection";

    private static final System.Logger LOG = System.getLogger(UnitStatus.class.getName());

    private final UnitEventSink events;
    private final List<SipTransportListener> listeners = new CopyOnWriteArrayList<>();

    UnitStatus(UnitEventSink events) {
        this.events = events;
    }

    void post(UnitEvent event) {
        try {
            events.post(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot post " + event, e);
        }
    }

    /** A configuration that works but weakens or limits the unit: logged and posted as a Warning. */
    void warn(String warning) {
        LOG.log(System.Logger.Level.WARNING, warning);
        post(UnitEvent.of(UnitEvent.ERROR, "source", "tls-transport", "state", "Warning", "message", warning));
    }

    void addListener(SipTransportListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void removeListener(SipTransportListener listener) {
        listeners.remove(listener);
    }

    void linkChanged(LinkStatus status, boolean cameUp) {
        post(status.toEvent(cameUp ? LINK_UP_MESSAGE : ""));
        listeners.forEach(l -> l.linkChanged(status));
    }

    void registrationChanged(RegistrationStatus status) {
        post(status.toEvent());
        listeners.forEach(l -> l.registrationChanged(status));
    }

    void responseReceived(SipResponse response) {
        listeners.forEach(l -> l.responseReceived(response));
    }

    /** Hands a request to the listeners; false when nobody listens (the unit then answers it itself). */
    boolean requestReceived(IncomingRequest request) {
        if (listeners.isEmpty()) {
            return false;
        }
        listeners.forEach(l -> l.requestReceived(request));
        return true;
    }
}
