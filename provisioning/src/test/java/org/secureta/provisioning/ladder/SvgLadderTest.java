package org.secureta.provisioning.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.provisioning.ladder.SipExchanges.T0;
import static org.secureta.provisioning.ladder.SipExchanges.message;
import static org.secureta.provisioning.ladder.SipExchanges.record;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgLadderTest {

    private static final String SVG = "http://www.w3.org/2000/svg";

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document d, String name) {
        NodeList nodes = d.getElementsByTagNameNS(SVG, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** The message groups in document order: each one's bold text is its label. */
    private static List<Element> messages(Document d) {
        return elements(d, "g").stream().filter(g -> g.getAttribute("class").startsWith("message ")).toList();
    }

    private static String label(Element message) {
        NodeList texts = message.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("font-weight").equals("bold")) {
                return t.getTextContent();
            }
        }
        return null;
    }

    private static Ladder call() {
        List<TracedMessage> both = new ArrayList<>(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)));
        both.addAll(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", false, 0)));
        return Ladders.build(both).get(0);
    }

    @Test
    void theSvgIsAnXmlDocumentWithTheArrowsInOrder() throws Exception {
        Document d = parse(SvgLadder.document(List.of(call())));
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals(SVG, d.getDocumentElement().getNamespaceURI());
        assertEquals(List.of("INVITE", "100 Trying", "180 Ringing", "200 OK", "ACK", "BYE", "200 OK"),
                messages(d).stream().map(SvgLadderTest::label).toList());
        List<Double> ys = messages(d).stream().map(g -> Double.parseDouble(((Element) g.getElementsByTagNameNS(SVG, "line").item(0))
                .getAttribute("y1"))).toList();
        for (int i = 1; i < ys.size(); i++) {
            assertTrue(ys.get(i) > ys.get(i - 1), "each arrow is drawn below the one before: " + ys);
        }
    }

    @Test
    void endpointsAreColumnsLeftToRightInOrderOfFirstAppearance() throws Exception {
        Document d = parse(SvgLadder.document(List.of(call())));
        List<Element> endpoints = elements(d, "g").stream().filter(g -> g.getAttribute("class").equals("endpoint")).toList();
        assertEquals(List.of("unit (127.0.0.1:16000)", "unit (127.0.0.2:5061)"), endpoints.stream().map(Element::getTextContent).toList());
        double x0 = Double.parseDouble(((Element) endpoints.get(0).getElementsByTagNameNS(SVG, "line").item(0)).getAttribute("x1"));
        double x1 = Double.parseDouble(((Element) endpoints.get(1).getElementsByTagNameNS(SVG, "line").item(0)).getAttribute("x1"));
        assertTrue(x0 < x1);
        Element invite = (Element) messages(d).get(0).getElementsByTagNameNS(SVG, "line").item(0);
        assertEquals(x0, Double.parseDouble(invite.getAttribute("x1")), "the INVITE leaves the unit's lifeline");
        assertTrue(Double.parseDouble(invite.getAttribute("x2")) > x0, "and points right");
    }

    @Test
    void eachArrowShowsItsHopAndSdpAndIsColouredByItsVerdict() throws Exception {
        List<TracedMessage> m = SipExchanges.traced(List.of(
                record(T0, Direction.SENT, SipExchanges.UNIT_A, "127.0.0.1:5060", Transport.UDP, "none",
                        message("INVITE sip:200@lab SIP/2.0", "mix@ta", "1 INVITE", "v=0\r\nm=audio 5004 RTP/AVP 0\r\n")),
                record(T0.plusMillis(5), Direction.RECEIVED, SipExchanges.UNIT_A, "127.0.0.1:5061", Transport.TLS,
                        "TLSv1.3 TLS_AES_128_GCM_SHA256 NoValidation", message("SIP/2.0 100 Trying", "mix@ta", "1 INVITE", "")),
                record(T0.plusMillis(9), Direction.RECEIVED, SipExchanges.UNIT_A, "127.0.0.1:5061", Transport.TLS, SipExchanges.TLS13,
                        message("SIP/2.0 200 OK", "mix@ta", "1 INVITE", SipExchanges.sdesAnswer()))));
        Document d = parse(SvgLadder.document(Ladders.build(m)));
        List<Element> msgs = messages(d);
        assertEquals(List.of("message insecure", "message unverified", "message secure"), msgs.stream().map(g -> g.getAttribute("class")).toList());
        List<String> strokes = msgs.stream().map(g -> ((Element) g.getElementsByTagNameNS(SVG, "line").item(0)).getAttribute("stroke")).toList();
        assertEquals(List.of(SvgLadder.INSECURE_COLOUR, SvgLadder.UNVERIFIED_COLOUR, SvgLadder.SECURE_COLOUR), strokes);
        assertTrue(msgs.get(0).getTextContent().contains("UDP (not secure)"));
        assertTrue(msgs.get(0).getTextContent().contains("offer RTP/AVP"));
        assertTrue(msgs.get(1).getTextContent().contains("TLS TLSv1.3 TLS_AES_128_GCM_SHA256 NoValidation (TLS, peer not verified)"));
        assertTrue(msgs.get(2).getTextContent().contains("answer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80"));
    }

    @Test
    void textFromTheWireIsEscapedAndCharactersXmlCannotHoldAreReplaced() throws Exception {
        String callId = "<script>alert('x')</script>&amp;\u0001\uD800@evil";
        TracedMessage evil = TracedMessage.of(record(T0, Direction.RECEIVED, SipExchanges.UNIT_A, "127.0.0.1:5060", Transport.UDP, "none",
                message("SIP/2.0 200 <b>\"OK\"</b>", callId, "1 OPTIONS", "")));
        String svg = SvgLadder.document(Ladders.build(List.of(evil)));
        assertFalse(svg.contains("<script>"), svg);
        assertFalse(svg.contains("<b>"), svg);
        Document d = parse(svg);
        assertEquals("200 <b>\"OK\"</b>", label(messages(d).get(0)));
        assertTrue(d.getDocumentElement().getTextContent().contains("Call-ID <script>alert('x')</script>&amp;\uFFFD\uFFFD@evil"));
        assertTrue(elements(d, "script").isEmpty());
    }

    @Test
    void itIsSelfContainedAndNeedsNoStyleSheet() throws Exception {
        String svg = SvgLadder.document(List.of(call()));
        assertFalse(svg.contains("style"), "the web page's CSP forbids inline styles: presentation attributes only");
        assertFalse(svg.contains("href"), "no external reference");
        assertFalse(svg.contains("<script"));
        assertFalse(SvgLadder.element(List.of(call())).startsWith("<?xml"), "inline in HTML without an XML declaration");
    }

    @Test
    void severalLaddersStackInOneDocument() throws Exception {
        List<TracedMessage> m = new ArrayList<>(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)));
        m.addAll(SipExchanges.traced(SipExchanges.sdesCall("call-2@ta", true, 5000)));
        Document d = parse(SvgLadder.document(Ladders.build(m)));
        assertEquals(14, messages(d).size());
        assertEquals("SIP message ladder, 2 exchange(s)", elements(d, "title").get(0).getTextContent());
        assertTrue(parse(SvgLadder.document(List.of())).getDocumentElement().getTextContent().contains("no SIP messages traced"));
    }

    @Test
    void longLabelsFitTheirArrowsAndNotesEndBeforeTheNextLifeline() throws Exception {
        String verdict = "TLSv1.3 TLS_AES_256_GCM_SHA384 HostName ok / TLSv1.3 TLS_AES_256_GCM_SHA384 client not verified";
        List<TracedMessage> m = SipExchanges.traced(List.of(
                record(T0, Direction.SENT, SipExchanges.UNIT_A, SipExchanges.UNIT_B, Transport.TLS, verdict,
                        message("INVITE sip:200@lab SIP/2.0", "long@ta", "1 INVITE", "")),
                record(T0.plusMillis(5), Direction.RECEIVED, SipExchanges.UNIT_A, SipExchanges.UNIT_B, Transport.TLS, verdict,
                        message("SIP/2.0 488 Not Acceptable Here because the offered crypto suites are all unknown here", "long@ta",
                                "1 INVITE", ""))));
        Ladder ladder = Ladders.build(m).get(0);
        Document d = parse(SvgLadder.document(List.of(ladder)));
        List<Element> lines = elements(d, "line").stream().filter(l -> "4 3".equals(l.getAttribute("stroke-dasharray"))).toList();
        double left = Double.parseDouble(lines.get(0).getAttribute("x1"));
        double right = Double.parseDouble(lines.get(1).getAttribute("x1"));
        for (Element g : messages(d)) {
            NodeList texts = g.getElementsByTagNameNS(SVG, "text");
            for (int i = 0; i < texts.getLength(); i++) {
                Element t = (Element) texts.item(i);
                double x = Double.parseDouble(t.getAttribute("x"));
                if (x < left) {
                    continue; // the time column
                }
                int size = Integer.parseInt(t.getAttribute("font-size"));
                // DejaVu Sans: about 0.6 em per character, bold about 0.63 em
                double width = t.getTextContent().length() * size * (t.getAttribute("font-weight").equals("bold") ? 0.63 : 0.6);
                boolean centred = t.getAttribute("text-anchor").equals("middle");
                double start = centred ? x - width / 2 : x;
                assertTrue(start >= left && start + width <= right,
                        "'" + t.getTextContent() + "' (" + start + ".." + (start + width) + ") between the lifelines " + left + " and " + right);
            }
        }
    }
}
