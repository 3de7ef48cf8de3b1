package org.secureta.transport.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import org.secureta.transport.SipMessageListener;
import org.secureta.transport.SipMessageRecord;
import org.secureta.transport.Transport;

/**
 * The message trace of one SIP stack: turns what JAIN-SIP's server logger sees into
 * {@link SipMessageRecord}s for the unit's {@link SipMessageListener}s. JAIN-SIP creates its
 * server logger by class name, so {@link JainSipServerLogger} finds the trace here by stack name.
 * A listener that throws is logged and skipped: the trace never breaks the signalling.
 */
final class MessageTrace {

    private static final System.Logger LOG = System.getLogger(MessageTrace.class.getName());
    private static final ConcurrentMap<String, MessageTrace> BY_STACK = new ConcurrentHashMap<>();

    private final Transport transport;
    private final Function<InetSocketAddress, String> security;
    private final Clock clock;
    private final SipMessageListener listener;
    private final ScheduledExecutorService timer;
    /** Keys of requests and responses sent lately, for the ordering of their answers. */
    private final Set<String> sent = new LinkedHashSet<>();
    private final Map<String, List<SipMessageRecord>> held = new HashMap<>();

    private static final Duration HOLD = Duration.ofMillis(300);
    private static final int REMEMBERED = 1024;

    /**
     * @param security the hop's verdict for a remote address ({@code ""} when not known)
     * @param clock    the unit's time, which stamps the records
     */
    MessageTrace(Transport transport, Function<InetSocketAddress, String> security, Clock clock, SipMessageListener listener,
                 ScheduledExecutorService timer) {
        this.timer = timer;
        this.transport = transport;
        this.security = security;
        this.clock = clock;
        this.listener = listener;
    }

    static void register(String stackName, MessageTrace trace) {
        BY_STACK.put(stackName, trace);
    }

    static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    static Optional<MessageTrace> forStack(String stackName) {
        return Optional.ofNullable(stackName == null ? null : BY_STACK.get(stackName));
    }

    /**
     * {@code from} and {@code to} are JAIN-SIP's {@code address:port} of the sender and the
     * receiver; {@code stackMillis} is when the stack handled it (before writing, for a message
     * sent), 0 if unknown.
     */
    void seen(SIPMessage message, String from, String to, boolean sent, long stackMillis) {
        SipMessageRecord record;
        try {
            record = recordOf(message, from, to, sent, stackMillis);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "message not traced: " + e);
            return;
        }
        order(record);
    }

    /**
     * JAIN-SIP reports a message it sent only after writing it, so on loopback the answer can be
     * reported first. A received response waits (briefly) for the request it answers, and a
     * received ACK for the final response it acknowledges, so listeners see the order of the wire.
     */
    private synchronized void order(SipMessageRecord record) {
        if (record.direction() == SipMessageRecord.Direction.SENT) {
            remember((record.isRequest() ? "request|" : "response|") + key(record.callId(), record.cseq()));
            deliver(record);
            release(record.isRequest() ? "request|" + key(record.callId(), record.cseq())
                    : "response|" + key(record.callId(), record.cseq()));
            return;
        }
        String awaited = !record.isRequest() ? "request|" + key(record.callId(), record.cseq())
                : record.method().equals("ACK") ? "response|" + key(record.callId(), record.cseq().replace("ACK", "INVITE")) : null;
        if (awaited == null || sent.contains(awaited)) {
            deliver(record);
            return;
        }
        held.computeIfAbsent(awaited, k -> new ArrayList<>()).add(record);
        try {
            timer.schedule(() -> release(awaited), HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            release(awaited);
        }
    }

    private static String key(String callId, String cseq) {
        return callId + "|" + cseq;
    }

    private void remember(String key) {
        sent.add(key);
        if (sent.size() > REMEMBERED) {
            sent.remove(sent.iterator().next());
        }
    }

    private synchronized void release(String key) {
        List<SipMessageRecord> waiting = held.remove(key);
        if (waiting != null) {
            waiting.forEach(this::deliver);
        }
    }

    private void deliver(SipMessageRecord record) {
        try {
            listener.messageSeen(record);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "a SIP message listener failed on " + record.firstLine() + "; the message went on: " + e);
            LOG.log(System.Logger.Level.DEBUG, "SIP message listener failure", e);
        }
    }

    SipMessageRecord recordOf(SIPMessage message, String from, String to, boolean sent, long stackMillis) {
        String local = sent ? from : to;
        String remote = sent ? to : from;
        String firstLine = message instanceof SIPRequest request ? request.getRequestLine().encode().strip()
                : ((SIPResponse) message).getStatusLine().encode().strip();
        CallID callId = (CallID) message.getCallId();
        CSeq cseq = (CSeq) message.getCSeq();
        byte[] raw = message.getRawContent();
        String body = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        String verdict = transport == Transport.TLS ? addressOf(remote).map(security).orElse("") : "none";
        // The stack's moment, on the unit's (trusted) time scale.
        Instant time = stackMillis <= 0 ? clock.instant() : Instant.ofEpochMilli(stackMillis + clock.millis() - System.currentTimeMillis());
        return new SipMessageRecord(time, sent ? SipMessageRecord.Direction.SENT : SipMessageRecord.Direction.RECEIVED,
                local, remote, transport, verdict, firstLine, callId == null ? "" : callId.getCallId(),
                cseq == null ? "" : cseq.getSeqNumber() + " " + cseq.getMethod(), body);
    }

    /** An {@code ip:port} (IPv6 possibly bracketed) as a socket address, without any name lookup. */
    static Optional<InetSocketAddress> addressOf(String ipPort) {
        int colon = ipPort.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = ipPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && host.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(ipPort.substring(colon + 1))));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
