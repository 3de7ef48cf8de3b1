package org.secureta.srtp.sdp;

/** Writes a session description in the line order of RFC 4566 5, each line ended by CRLF. */
final class SdpWriter {

    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    static String write(SessionDescription sdp) {
        StringBuilder out = new StringBuilder(512);
        line(out, 'v', "0");
        line(out, 'o', sdp.origin().text());
        line(out, 's', sdp.sessionName());
        sdp.information().ifPresent(i -> line(out, 'i', i));
        sdp.connection().ifPresent(c -> line(out, 'c', c.text()));
        sdp.bandwidths().forEach(b -> line(out, 'b', b.text()));
        sdp.timings().forEach(t -> line(out, 't', t.text()));
        sdp.attributes().forEach(a -> line(out, 'a', a.text()));
        for (MediaDescription m : sdp.media()) {
            line(out, 'm', m.mediaLine());
            m.information().ifPresent(i -> line(out, 'i', i));
            m.connection().ifPresent(c -> line(out, 'c', c.text()));
            m.bandwidths().forEach(b -> line(out, 'b', b.text()));
            m.attributes().forEach(a -> line(out, 'a', a.text()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, char type, String value) {
        out.append(type).append('=').append(value).append(CRLF);
    }
}
