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

    /** One ladder per Call-ID, in order of each one's first message; columns named by address. */
    public static List<Ladder> build(Collection<TracedMessage> messages) {
        return build(messages, Map.of());
    }

    /**
     * One ladder per Call-ID, in order of each one's first message. {@code names} maps addresses
     * ({@code ip:port}) to the party's name ({@code ta-a}, {@code Kamailio}): the addresses of one
     * name share one column headed by it.
     */
    public static List<Ladder> build(Collection<TracedMessage> messages, Map<String, String> names) {
        // The same trace given twice (ta:ladder --with the unit's own trace) must not double arrows.
        List<TracedMessage> distinct = new ArrayList<>(new LinkedHashSet<>(messages));
        Set<String> unitAddresses = new HashSet<>();
        distinct.forEach(m -> unitAddresses.add(m.local()));
        Map<String, List<TracedMessage>> byCall = new LinkedHashMap<>();
        distinct.stream().sorted(Comparator.comparing(TracedMessage::time))
                .forEach(m -> byCall.computeIfAbsent(m.callId(), k -> new ArrayList<>()).add(m));
        List<Ladder> ladders = new ArrayList<>();
        byCall.forEach((callId, list) -> ladders.add(ladder(callId, list, unitAddresses, names)));
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

    private static Ladder ladder(String callId, List<TracedMessage> messages, Set<String> unitAddresses, Map<String, String> names) {
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
        copies.sort(Comparator.comparing((Copy c) -> c.first().time()).thenComparing(c -> causalRank(c.first())));
        causalOrder(copies);
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, Integer> column = new HashMap<>();
        List<Arrow> arrows = new ArrayList<>();
        Map<String, Boolean> offerSeen = new HashMap<>();
        for (Copy c : copies) {
            TracedMessage m = c.first();
            int from = column(m.from(), endpoints, column, unitAddresses, names);
            int to = column(m.to(), endpoints, column, unitAddresses, names);
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

    private static int column(String address, List<Endpoint> endpoints, Map<String, Integer> column, Set<String> units,
                              Map<String, String> names) {
        String name = names.getOrDefault(address, "");
        int index = column.computeIfAbsent(name.isEmpty() ? address : "name:" + name, k -> {
            endpoints.add(new Endpoint(address, units.contains(address), name));
            return endpoints.size() - 1;
        });
        Endpoint e = endpoints.get(index);
        if (!e.unit() && units.contains(address)) {
            endpoints.set(index, new Endpoint(e.address(), true, e.name()));
        }
        return index;
    }

    /**
     * Order within one millisecond (traces keep milliseconds, and one unit can receive a final
     * response and send its ACK in the same one): by CSeq number, then request before its
     * provisional responses, those before the final one, and the ACK last (RFC 3261 17.1.1.3:
     * the ACK acknowledges the final response). Only ties of time are ordered by this.
     */
    static CausalRank causalRank(TracedMessage m) {
        long number;
        try {
            number = Long.parseLong(m.cseqNumber());
        } catch (NumberFormatException e) {
            number = Long.MAX_VALUE;
        }
        int phase;
        if (m.isRequest()) {
            phase = m.method().equals("ACK") ? 3 : m.method().equals("CANCEL") ? 1 : 0;
        } else {
            phase = m.firstLine().matches("SIP/\\S+ 1\\d\\d.*") ? 1 : 2;
        }
        return new CausalRank(number, phase);
    }

    /**
     * Moves a response drawn before every copy of its request, and an ACK drawn before the final
     * response it acknowledges, to just after that message. Time stamps alone cannot be trusted
     * for this: the stack sends the ACK of a non-2xx response (RFC 3261 17.1.1.3) before the
     * trace has recorded the response, and two units' clocks differ by a few milliseconds.
     */
    private static void causalOrder(List<Copy> copies) {
        int moves = 0;
        int limit = copies.size() * copies.size();
        for (int i = 0; i < copies.size() && moves <= limit; i++) {
            TracedMessage m = copies.get(i).first();
            int cause = -1;
            for (int j = 0; j < copies.size(); j++) {
                if (j != i && causes(copies.get(j).first(), m)) {
                    cause = j;
                    if (j < i) {
                        break;
                    }
                }
            }
            if (cause > i) {
                Copy moved = copies.remove(i);
                copies.add(cause, moved);
                moves++;
                i--;
            }
        }
    }

    /** {@code cause} is the request {@code m} answers, or the final INVITE response {@code m} (an ACK) acknowledges. */
    private static boolean causes(TracedMessage cause, TracedMessage m) {
        if (!m.isRequest()) {
            return cause.isRequest() && cause.cseq().strip().equals(m.cseq().strip()) && cause.firstLine().startsWith(m.method() + " ");
        }
        if (m.method().equals("ACK")) {
            return !cause.isRequest() && cause.method().equals("INVITE") && cause.cseqNumber().equals(m.cseqNumber())
                    && !cause.firstLine().matches("SIP/\\S+ 1\\d\\d.*");
        }
        return false;
    }

    record CausalRank(long cseq, int phase) implements Comparable<CausalRank> {
        @Override
        public int compareTo(CausalRank o) {
            int c = Long.compare(cseq, o.cseq);
            return c != 0 ? c : Integer.compare(phase, o.phase);
        }
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
