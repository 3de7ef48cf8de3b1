package org.secureta.provisioning.ladder;

import java.util.List;

/**
 * The messages of one Call-ID (a call, a REGISTER exchange) as a ladder: endpoints in order of
 * first appearance, arrows in time order.
 */
public record Ladder(String callId, List<Endpoint> endpoints, List<Arrow> arrows) {

    public Ladder {
        endpoints = List.copyOf(endpoints);
        arrows = List.copyOf(arrows);
    }

    /** A call: the Call-ID carries an INVITE. */
    public boolean isCall() {
        return arrows.stream().anyMatch(a -> a.label().equals("INVITE"));
    }

    /** {@code INVITE call, 7 messages} or {@code REGISTER, 2 messages}. */
    public String title() {
        String kind = isCall() ? "call" : arrows.isEmpty() ? "no messages" : arrows.get(0).cseq().replaceFirst("^\\S+\\s+", "");
        return "Call-ID " + callId + " (" + kind + ", " + arrows.size() + (arrows.size() == 1 ? " message)" : " messages)");
    }
}
