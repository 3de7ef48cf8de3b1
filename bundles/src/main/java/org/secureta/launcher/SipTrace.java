package org.secureta.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The SIP messages one unit sent and received, as its transport reports them to
 * {@code org.secureta.transport.SipMessageListener} services (whiteboard). The launcher lives
 * outside the container, so it registers a proxy of that interface loaded from the unit's own
 * tls-transport bundle and reads each record's accessors by name.
 */
final class SipTrace implements AutoCloseable {

    static final String TRANSPORT_BUNDLE = "org.secureta.tls-transport";
    static final String LISTENER = "org.secureta.transport.SipMessageListener";

    /**
     * One message: {@code security} is the transport's verdict for its hop, for TLS "protocol
     * suite check" ({@code TLSv1.3 TLS_AES_128_GCM_SHA256 HostName ok}).
     */
    record Message(String direction, String transport, String local, String remote, String security, String firstLine,
                   String callId, String cseq) {
    }

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<?> registration;

    private SipTrace(BundleContext context, Class<?> listener) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "messageSeen" -> {
                messages.add(read(args[0]));
                yield null;
            }
            case "toString" -> "launcher SIP trace";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        };
        Object service = Proxy.newProxyInstance(listener.getClassLoader(), new Class<?>[] {listener}, handler);
        this.registration = context.registerService(LISTENER, service, null);
    }

    /** Starts tracing a unit's container; empty if its transport bundle has no message listener API. */
    static Optional<SipTrace> attach(Container container) {
        BundleContext context = container.framework().getBundleContext();
        for (Bundle bundle : context.getBundles()) {
            if (TRANSPORT_BUNDLE.equals(bundle.getSymbolicName())) {
                try {
                    return Optional.of(new SipTrace(context, bundle.loadClass(LISTENER)));
                } catch (ClassNotFoundException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Message read(Object record) {
        return new Message(text(record, "direction"), text(record, "transport"), text(record, "local"), text(record, "remote"),
                text(record, "security"), text(record, "firstLine"), text(record, "callId"), text(record, "cseq"));
    }

    private static String text(Object record, String accessor) {
        try {
            Method m = record.getClass().getMethod(accessor);
            return String.valueOf(m.invoke(record));
        } catch (ReflectiveOperationException e) {
            return "";
        }
    }

    List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The security verdict of the first message of a call that has one (the INVITE's hop). */
    Optional<String> security(String callId) {
        return messages.stream().filter(m -> m.callId().equals(callId) && !m.security().isBlank()).map(Message::security).findFirst();
    }

    /** The Call-ID of the INVITE this unit sent or received to or from a peer URI; the newest one. */
    Optional<String> inviteCallId(String direction, String requestUriPart) {
        String found = null;
        for (Message m : messages) {
            if (m.direction().equals(direction) && m.firstLine().startsWith("INVITE ") && m.firstLine().contains(requestUriPart)) {
                found = m.callId();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the container stopped first
        }
    }
}
