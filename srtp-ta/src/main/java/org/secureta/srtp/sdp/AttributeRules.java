package org.secureta.srtp.sdp;

import java.util.HashSet;
import java.util.Set;

/**
 * The rules attributes of one level (session or media) obey together, checked one attribute at a
 * time so that the parser can name the offending line and a long list costs linear time: at most
 * one direction attribute, direction attributes without value, well-formed and unique rtpmaps.
 */
final class AttributeRules {

    private boolean direction;
    private final Set<Integer> mapped = new HashSet<>();

    void check(Attribute a) {
        if (Direction.isDirectionName(a.name())) {
            if (a.value().isPresent()) {
                throw new InvalidFieldException("a=" + a.name(), "takes no value (RFC 3264 5.1)");
            }
            if (direction) {
                throw new InvalidFieldException("a=" + a.name(), "a second direction attribute (sendrecv, sendonly, recvonly, inactive)");
            }
            direction = true;
        } else if (a.isNamed("rtpmap")) {
            RtpMap map = RtpMap.parse(a.value().orElse(""));
            if (!mapped.add(map.payloadType())) {
                throw new InvalidFieldException("a=rtpmap", "payload type " + map.payloadType() + " is mapped twice");
            }
        }
    }

    static void checkAll(Iterable<Attribute> attributes) {
        AttributeRules rules = new AttributeRules();
        attributes.forEach(rules::check);
    }
}
