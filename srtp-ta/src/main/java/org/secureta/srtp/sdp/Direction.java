package org.secureta.srtp.sdp;

import java.util.Arrays;
import java.util.Optional;

/** The direction attributes of RFC 3264 (5.1, 6.1); hold is sendonly or inactive (RFC 3264 8.4). */
public enum Direction {
    SENDRECV("sendrecv"), SENDONLY("sendonly"), RECVONLY("recvonly"), INACTIVE("inactive");

    private final String attributeName;

    Direction(String attributeName) {
        this.attributeName = attributeName;
    }

    public String attributeName() {
        return attributeName;
    }

    public Attribute attribute() {
        return Attribute.property(attributeName);
    }

    /** The direction an answer gives when it accepts this offered direction (RFC 3264 6.1). */
    public Direction answer() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public static Optional<Direction> of(Attribute attribute) {
        if (attribute.value().isPresent()) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(d -> d.attributeName.equals(attribute.name())).findFirst();
    }

    static boolean isDirectionName(String name) {
        return Arrays.stream(values()).anyMatch(d -> d.attributeName.equals(name));
    }
}
