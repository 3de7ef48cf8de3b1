package org.secureta.srtp.sdp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * An SDP session description (RFC 4566 5), protocol version 0. Lines this unit has no use for
 * ({@code u= e= p= r= z= k=}) are refused by the parser rather than silently dropped.
 * {@link #write()} produces CRLF-terminated text that {@link #parse(String)} reads back to an equal
 * value; a canonical body (single spaces, numbers without leading zeros, CRLF) is written back
 * unchanged.
 */
public record SessionDescription(
        Origin origin,
        String sessionName,
        Optional<String> information,
        Optional<Connection> connection,
        List<Bandwidth> bandwidths,
        List<Timing> timings,
        List<Attribute> attributes,
        List<MediaDescription> media) {

    public SessionDescription {
        if (origin == null) {
            throw new InvalidFieldException("o=", "missing");
        }
        SdpSyntax.text("s=", sessionName);
        information.ifPresent(i -> SdpSyntax.text("i=", i));
        bandwidths = List.copyOf(bandwidths);
        timings = List.copyOf(timings);
        if (timings.isEmpty()) {
            throw new InvalidFieldException("t=", "at least one t= line is needed (RFC 4566 5)");
        }
        attributes = List.copyOf(attributes);
        AttributeRules.checkAll(attributes);
        media = List.copyOf(media);
        if (media.size() > SdpSyntax.MAX_MEDIA) {
            throw new InvalidFieldException("m=", media.size() + " media descriptions, at most " + SdpSyntax.MAX_MEDIA + " allowed");
        }
        if (connection.isEmpty()) {
            for (int i = 0; i < media.size(); i++) {
                if (media.get(i).connection().isEmpty()) {
                    throw new InvalidFieldException("c=", "no c= at session level nor in media " + i + " (RFC 4566 5.7)");
                }
            }
        }
    }

    /** Parses a body of at most 64 KiB, 4 KiB per line, 64 media descriptions; CRLF or LF line ends. */
    public static SessionDescription parse(String body) throws SdpParseException {
        return SdpParser.parse(body);
    }

    /** Parses a UTF-8 body (RFC 4566 5: the default charset of text fields is UTF-8). */
    public static SessionDescription parse(byte[] body) throws SdpParseException {
        return SdpParser.parse(body);
    }

    /** The body, lines in RFC 4566 order, each ended by CRLF. Contains the keying attributes. */
    public String write() {
        return SdpWriter.write(this);
    }

    public byte[] writeUtf8() {
        return write().getBytes(StandardCharsets.UTF_8);
    }

    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.isNamed(name)).findFirst();
    }

    /** The direction of stream {@code index}: its own attribute, else the session's, else sendrecv (RFC 3264 5.1). */
    public Direction direction(int index) {
        return media.get(index).direction()
                .or(() -> attributes.stream().map(Direction::of).flatMap(Optional::stream).findFirst())
                .orElse(Direction.SENDRECV);
    }

    /** Whether any stream in use is SRTP (RTP/SAVP): the offer asks for secure media. */
    public boolean isSecure() {
        return media.stream().anyMatch(m -> !m.isRejected() && m.isSecureRtp());
    }

    public SessionDescription withOrigin(Origin newOrigin) {
        return new SessionDescription(newOrigin, sessionName, information, connection, bandwidths, timings, attributes, media);
    }

    /** The same session as the next offer: origin version incremented (RFC 3264 8). */
    public SessionDescription withNextVersion() {
        return withOrigin(origin.nextVersion());
    }

    public SessionDescription withAttributes(List<Attribute> newAttributes) {
        return new SessionDescription(origin, sessionName, information, connection, bandwidths, timings, newAttributes, media);
    }

    public SessionDescription withMedia(List<MediaDescription> newMedia) {
        return new SessionDescription(origin, sessionName, information, connection, bandwidths, timings, attributes, newMedia);
    }

    /**
     * Every stream in use with this direction (hold: sendonly, resume: sendrecv, RFC 3264 8.4);
     * a session-level direction is removed so that it cannot contradict. Rejected streams stay as
     * they are.
     */
    public SessionDescription withDirection(Direction direction) {
        return new SessionDescription(origin, sessionName, information, connection, bandwidths, timings,
                attributes.stream().filter(a -> !Direction.isDirectionName(a.name())).toList(),
                media.stream().map(m -> m.isRejected() ? m : m.withDirection(direction)).toList());
    }
}
