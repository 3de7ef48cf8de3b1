package org.secureta.transport.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;

import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;

import gov.nist.javax.sip.header.SIPHeader;

import org.secureta.transport.SipHeader;

/** A JAIN-SIP message's parts as the call agent sees them: header fields, content type, body. */
final class SipMessages {

    private SipMessages() {
    }

    static List<SipHeader> headersOf(Message message) {
        List<SipHeader> result = new ArrayList<>();
        Iterator<?> names = message.getHeaderNames();
        while (names.hasNext()) {
            String name = (String) names.next();
            ListIterator<?> values = message.getHeaders(name);
            while (values.hasNext()) {
                Object header = values.next();
                String value = header instanceof SIPHeader ? ((SIPHeader) header).getHeaderValue() : header.toString();
                result.add(new SipHeader(name, value == null ? "" : value.trim()));
            }
        }
        return result;
    }

    static String contentTypeOf(Message message) {
        ContentTypeHeader type = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        return type == null ? "" : type.getContentType() + "/" + type.getContentSubType();
    }

    static byte[] bodyOf(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? new byte[0] : raw;
    }
}
