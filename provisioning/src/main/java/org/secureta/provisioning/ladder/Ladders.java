package org.secureta.provisioning.ladder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.secureta.transport.SipMessageRecord.Direction;

/**
 * Builds ladders from traced messages, of one unit or of several merged: a message SENT by one
 * unit and RECEIVED by the other (same Call-ID, CSeq and first line, endpoints swapped) is one
 * arrow. Copies are paired in order, so a retransmission seen by both ends gives two arrows.
 */
public final class Ladders {

    /** Added to an SDP summary whose SDES keys crossed a hop without TLS. */
    public static final String SDES_IN_CLEAR = "(SDES keys readable on this hop)";

    private Ladders() {
    }

    /** One ladder per Call-ID, in order of each one's first message. */
    public static List<Ladder> build(Collection<TracedMessage> messages) {
        // The same trace given twice (ta:ladder --with the unit's own trace) must not double arrows.
        List<TracedMessage> distinct = new ArrayList<>(new LinkedHashSet<>(messages));
        Set<String> unitAddresses = new HashSet<>();
        distinct.forEach(m -> unitAddresses.add(m.local()));
        Map<String, List<TracedMessage>> byCall = new LinkedHashMap<>();
        distinct.stream().sorted(Comparator.comparing(TracedMessage::time))
                .forEach(m -> byCall.computeIfAbsent(m.callId(), k -> new ArrayList<>()).add(m));
        List<Ladder> ladders = new ArrayList<>();
        byCall.forEach((callId, list) -> ladders.add(ladder(callId, list, unitAddresses)));
        return ladders;
    }

    private record Copy(TracedMessage sent, TracedMessage received) {
        TracedMessage first() {
            return sent != null ? sent : received;
        }
    }

    private record Key(String cseq, String firstLine, String from, String to) {
        static Key of(TracedMessage m) {
            return new Key(m.cseq(), m.firstLine(), m.from(), m.to());
        }
    }

    private static Ladder ladder(String callId, List<TracedMessage> messages, Set<String> unitAddresses) {
        // Pair every RECEIVED copy with the earliest unpaired SENT one, whatever the clocks say.
        Map<Key, Deque<Copy>> unpaired = new HashMap<>();
        List<Copy> copies = new ArrayList<>();
        for (TracedMessage m : messages) {
            if (m.direction() == Direction.SENT) {
                Copy c = new Copy(m, null);
                copies.add(c);
                unpaired.computeIfAbsent(Key.of(m), k -> new ArrayDeque<>()).add(c);
            }
        }
        for (TracedMessage m : messages) {
            if (m.direction() == Direction.RECEIVED) {
                Deque<Copy> waiting = unpaired.get(Key.of(m));
                Copy sent = waiting == null ? null : waiting.poll();
                if (sent == null) {
                    copies.add(new Copy(null, m));
                } else {
                    copies.set(copies.indexOf(sent), new Copy(sent.sent(), m));
                }
            }
        }
        copies.sort(Comparator.comparing(c -> c.first().time()));
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, Integer> column = new HashMap<>();
        List<Arrow> arrows = new ArrayList<>();
        Map<String, Boolean> offerSeen = new HashMap<>();
        for (Copy c : copies) {
            TracedMessage m = c.first();
            int from = column(m.from(), endpoints, column, unitAddresses);
            int to = column(m.to(), endpoints, column, unitAddresses);
            HopSecurity verdict = HopSecurity.of(m.transport(), m.security());
            String security = m.security();
            if (c.sent() != null && c.received() != null) {
                verdict = verdict.stronger(HopSecurity.of(c.received().transport(), c.received().security()));
                security = bothEnds(c.sent().security(), c.received().security());
            }
            String sdp = offerOrAnswer(m, offerSeen);
            if (sdp.contains(" SDES ") && verdict == HopSecurity.INSECURE) {
                // RFC 4568 8: SDES keys are only as secret as the signalling that carries them.
                sdp += " " + SDES_IN_CLEAR;
            }
            arrows.add(new Arrow(from, to, m.time(), m.label(), m.cseq(), m.transport(), security, verdict, sdp, c.sent() != null && c.received() != null ? 2 : 1));
        }
        return new Ladder(callId, endpoints, arrows);
    }

    /**
     * Both ends' verdicts, the part they share once: {@code TLSv1.3 TLS_AES_256_GCM_SHA384 HostName
     * ok / client not verified} (sender's first).
     */
    static String bothEnds(String sender, String receiver) {
        if (sender.equals(receiver) || receiver.isBlank()) {
            return sender;
        }
        if (sender.isBlank()) {
            return receiver;
        }
        String[] a = sender.split(" ");
        String[] b = receiver.split(" ");
        int common = 0;
        while (common < a.length - 1 && common < b.length - 1 && a[common].equals(b[common])) {
            common++;
        }
        return (common == 0 ? "" : String.join(" ", List.of(a).subList(0, common)) + " ")
                + String.join(" ", List.of(a).subList(common, a.length)) + " / " + String.join(" ", List.of(b).subList(common, b.length));
    }

    /**
     * RFC 3264 / RFC 6337: SDP in an INVITE (or UPDATE) is always an offer, also when a proxy
     * forwards it; SDP in a response or an ACK answers the offer of its CSeq, or is the offer
     * itself when the INVITE had none (then the ACK carries the answer).
     */
    private static String offerOrAnswer(TracedMessage m, Map<String, Boolean> offerSeen) {
        String summary = SdpSummary.of(m.body());
        if (summary.isEmpty()) {
            return "";
        }
        if (!m.body().strip().startsWith("v=")) {
            return summary;
        }
        boolean offerInRequest = m.isRequest() && !m.method().equals("ACK");
        boolean answer = offerSeen.putIfAbsent(m.cseqNumber(), Boolean.TRUE) != null && !offerInRequest;
        return (answer ? "answer " : "offer ") + summary;
    }

    private static int column(String address, List<Endpoint> endpoints, Map<String, Integer> column, Set<String> units) {
        return column.computeIfAbsent(address, a -> {
            endpoints.add(new Endpoint(a, units.contains(a)));
            return endpoints.size() - 1;
        });
    }

    /** The last call (the latest Call-ID with an INVITE), else the latest exchange of any kind. */
    public static Optional<Ladder> last(List<Ladder> ladders) {
        for (int i = ladders.size() - 1; i >= 0; i--) {
            if (ladders.get(i).isCall()) {
                return Optional.of(ladders.get(i));
            }
        }
        return ladders.isEmpty() ? Optional.empty() : Optional.of(ladders.get(ladders.size() - 1));
    }

    /** The last {@code max} calls, oldest first. */
    public static List<Ladder> recentCalls(List<Ladder> ladders, int max) {
        List<Ladder> calls = ladders.stream().filter(Ladder::isCall).toList();
        return calls.subList(Math.max(0, calls.size() - max), calls.size());
    }

    /** {@code last}, {@code all} or a Call-ID. */
    public static List<Ladder> select(List<Ladder> ladders, String which) {
        return switch (which) {
            case "last" -> last(ladders).map(List::of).orElse(List.of());
            case "all" -> ladders;
            default -> ladders.stream().filter(l -> l.callId().equals(which)).toList();
        };
    }
}
