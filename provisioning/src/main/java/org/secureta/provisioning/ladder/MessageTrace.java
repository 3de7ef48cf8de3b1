package org.secureta.provisioning.ladder;

import java.util.List;

/**
 * The unit's recent SIP messages (an OSGi service): the last few thousand the transport reported,
 * oldest first, key material already removed.
 */
public interface MessageTrace {

    List<TracedMessage> messages();

    /** The ladders of everything traced, one per Call-ID. */
    default List<Ladder> ladders() {
        return Ladders.build(messages());
    }
}
