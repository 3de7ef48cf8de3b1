package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.ladder.Ladders;
import org.secureta.provisioning.ladder.SipExchanges;
import org.secureta.provisioning.ladder.internal.MessageTraceComponent;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

/** The Status page's message ladders, over real HTTPS from the management servlet. */
class WebLaddersTest {

    private static final String PASSWORD = "lab-password-1";

    @TempDir
    Path home;

    private WebFixture web;
    private WebClient client;
    private final MessageTraceComponent trace = new MessageTraceComponent(2000);

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(home, "SipEp.UserAgent[Port1].Username=100\n", PASSWORD);
        // as WebComponent wires it
        web.servlet.showLadders(() -> Ladders.recentCalls(trace.ladders(), 3));
        client = new WebClient(web);
        client.login(PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void withoutCallsTheStatusPageSaysNoneWasTraced() throws Exception {
        assertTrue(client.get("/status").body().contains("<p id=\"ladders\" class=\"desc\">no calls traced yet</p>"));
    }

    @Test
    void theStatusPageShowsTheLastThreeCallsNewestFirstAsInlineSvg() throws Exception {
        for (int i = 1; i <= 4; i++) {
            SipExchanges.sdesCall("call-" + i + "@ta", true, i * 10_000L).forEach(trace::messageSeen);
        }
        String page = client.get("/status").body();
        Matcher titles = Pattern.compile("<svg [^>]*class=\"sip-ladder\">\n<title>Call-ID (call-\\d)@ta").matcher(page);
        StringBuilder order = new StringBuilder();
        while (titles.find()) {
            order.append(titles.group(1)).append(' ');
        }
        assertEquals("call-4 call-3 call-2 ", order.toString());
        assertTrue(page.contains("offer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80,AES_CM_128_HMAC_SHA1_32"));
        assertTrue(page.contains("<details><summary>as text</summary><pre>Call-ID call-4@ta (call, 7 messages)"));
        assertFalse(page.contains(SipExchanges.SDES_KEY), "no key on the page");
    }

    @Test
    void wireTextOnThePageIsEscaped() throws Exception {
        trace.messageSeen(SipExchanges.record(SipExchanges.T0, Direction.RECEIVED, SipExchanges.UNIT_A, "127.0.0.1:5060", Transport.UDP,
                "none", SipExchanges.message("INVITE sip:x SIP/2.0", "<script>alert(1)</script>@evil", "1 INVITE", "")));
        String page = client.get("/status").body();
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("Call-ID &lt;script&gt;alert(1)&lt;/script&gt;@evil"));
    }
}
