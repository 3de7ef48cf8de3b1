package org.secureta.srtp.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * A media description: {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} and its
 * {@code i=}, {@code c=}, {@code b=} and {@code a=} lines (RFC 4566 5.14). Port 0 marks a rejected
 * or disabled stream (RFC 3264 6, 8.2). Formats are RTP payload types 0..127 when the protocol is
 * RTP based, tokens otherwise ({@code t38} for {@code udptl}).
 */
public record MediaDescription(
        String media,
        int port,
        OptionalInt portCount,
        String protocol,
        List<String> formats,
        Optional<String> information,
        Optional<Connection> connection,
        List<Bandwidth> bandwidths,
        List<Attribute> attributes) {

    public MediaDescription {
        SdpSyntax.token("m= media", media);
        SdpSyntax.range("m= port", port, 0, 65535);
        if (portCount.isPresent()) {
            SdpSyntax.range("m= number of ports", portCount.getAsInt(), 1, 65535);
        }
        checkProtocol(protocol);
        formats = List.copyOf(formats);
        if (formats.isEmpty()) {
            throw new InvalidFieldException("m= fmt", "at least one format is needed");
        }
        boolean rtp = isRtpProtocol(protocol);
        int lineLength = 2 + media.length() + 1 + Integer.toString(port).length() + 1 + protocol.length();
        if (portCount.isPresent()) {
            lineLength += 1 + Integer.toString(portCount.getAsInt()).length();
        }
        for (String format : formats) {
            SdpSyntax.token("m= fmt", format);
            if (rtp && !isPayloadType(format)) {
                throw new InvalidFieldException("m= fmt", "'" + SdpSyntax.clip(format) + "' is not an RTP payload type 0..127");
            }
            lineLength += 1 + format.length();
        }
        information.ifPresent(i -> SdpSyntax.text("i=", i));
        bandwidths = List.copyOf(bandwidths);
        attributes = List.copyOf(attributes);
        AttributeRules.checkAll(attributes);
        if (lineLength > SdpSyntax.MAX_LINE) {
            throw new InvalidFieldException("m= fmt", "the m= line would be longer than " + SdpSyntax.MAX_LINE + " characters");
        }
    }

    public static MediaDescription of(String media, int port, String protocol, List<String> formats, List<Attribute> attributes) {
        return new MediaDescription(media, port, OptionalInt.empty(), protocol, formats, Optional.empty(), Optional.empty(), List.of(), attributes);
    }

    /** proto = token *("/" token) */
    private static void checkProtocol(String protocol) {
        if (protocol == null || protocol.isEmpty()) {
            throw new InvalidFieldException("m= proto", "missing");
        }
        for (String part : protocol.split("/", -1)) {
            if (part.isEmpty()) {
                throw new InvalidFieldException("m= proto", "'" + SdpSyntax.clip(protocol) + "' has an empty part between '/'");
            }
            SdpSyntax.token("m= proto", part);
        }
    }

    /** 1 to 3 digits, at most 127. */
    private static boolean isPayloadType(String format) {
        if (format.length() > 3) {
            return false;
        }
        int value = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 127;
    }

    static boolean isRtpProtocol(String protocol) {
        return protocol.startsWith("RTP/") || protocol.contains("/RTP/");
    }

    /** Port 0: rejected in an answer, disabled in an offer. */
    public boolean isRejected() {
        return port == 0;
    }

    public boolean isRtp() {
        return isRtpProtocol(protocol);
    }

    /** SRTP: the RTP/SAVP family (RFC 3711 12), the flag of a secure media offer on the unit. */
    public boolean isSecureRtp() {
        return isRtp() && (protocol.endsWith("/SAVP") || protocol.endsWith("/SAVPF"));
    }

    /** {@code m=image <port> udptl t38} (ITU-T T.38 annex D). */
    public boolean isT38() {
        return media.equals("image") && protocol.equalsIgnoreCase("udptl") && formats.contains("t38");
    }

    public List<Attribute> attributes(String name) {
        return attributes.stream().filter(a -> a.isNamed(name)).toList();
    }

    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.isNamed(name)).findFirst();
    }

    /** The media-level direction attribute, if any (the session level may set one too). */
    public Optional<Direction> direction() {
        return attributes.stream().map(Direction::of).flatMap(Optional::stream).findFirst();
    }

    /** The RTP payload types of the m= line, in the offerer's order of preference. */
    public List<Integer> payloadTypes() {
        return isRtp() ? formats.stream().map(Integer::parseInt).toList() : List.of();
    }

    /** The codec of a payload type: its rtpmap, else the static assignment of RFC 3551. */
    public Optional<RtpMap> rtpMap(int payloadType) {
        return Optional.ofNullable(explicitRtpMaps().get(payloadType)).or(() -> staticRtpMap(payloadType));
    }

    /**
     * The known codecs of the m= line in its order of preference; a dynamic payload type without
     * rtpmap is left out. Linear in the number of formats and attributes, whatever the offer.
     */
    public List<RtpMap> codecs() {
        Map<Integer, RtpMap> explicit = explicitRtpMaps();
        List<RtpMap> out = new ArrayList<>();
        for (int pt : payloadTypes()) {
            Optional.ofNullable(explicit.get(pt)).or(() -> staticRtpMap(pt)).ifPresent(out::add);
        }
        return out;
    }

    private Map<Integer, RtpMap> explicitRtpMaps() {
        Map<Integer, RtpMap> out = new HashMap<>();
        for (Attribute a : attributes) {
            if (a.isNamed("rtpmap")) {
                RtpMap map = RtpMap.parse(a.value().orElseThrow());
                out.put(map.payloadType(), map);
            }
        }
        return out;
    }

    private Optional<RtpMap> staticRtpMap(int payloadType) {
        return media.equals("audio") ? StaticPayloadTypes.audio(payloadType) : Optional.empty();
    }

    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, portCount, protocol, formats, information, connection, bandwidths, attributes);
    }

    public MediaDescription withAttributes(List<Attribute> newAttributes) {
        return new MediaDescription(media, port, portCount, protocol, formats, information, connection, bandwidths, newAttributes);
    }

    public MediaDescription withoutAttributes(Predicate<Attribute> which) {
        return withAttributes(attributes.stream().filter(which.negate()).toList());
    }

    /** The same stream with this direction attribute in place of any other (hold and resume). */
    public MediaDescription withDirection(Direction direction) {
        List<Attribute> out = new ArrayList<>(attributes.stream().filter(a -> !Direction.isDirectionName(a.name())).toList());
        out.add(direction.attribute());
        return withAttributes(out);
    }

    String mediaLine() {
        return media + " " + port + (portCount.isPresent() ? "/" + portCount.getAsInt() : "") + " " + protocol + " " + String.join(" ", formats);
    }
}
