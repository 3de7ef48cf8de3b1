package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The TLS_LINK event line an operator reads. */
class LinkStatusTest {

    private static final String REFUSED = "connection refused by 127.0.0.1:5061";

    @Test
    void anUpLinkCarriesNoReasonLeftFromAnEarlierFailure() {
        UnitEvent up = new LinkStatus("gw", 17000, "127.0.0.1:5061", "127.0.0.1:5061", LinkState.Up, REFUSED).toEvent("establishing persistent connection");
        assertNull(up.get("reason"), up.toLine());
        assertFalse(up.toLine().contains("refused"), up.toLine());
        assertEquals("establishing persistent connection", up.get("message"));
    }

    @Test
    void aDownLinkSaysWhy() {
        UnitEvent down = new LinkStatus("gw", 17000, "127.0.0.1:5061", "", LinkState.Down, REFUSED).toEvent();
        assertEquals(REFUSED, down.get("reason"), down.toLine());
        assertNull(down.get("message"));
    }

    @Test
    void aFirstAttemptHasNoEmptyReason() {
        UnitEvent waiting = new LinkStatus("gw", 17000, "127.0.0.1:5061", "", LinkState.WaitingUp, "").toEvent();
        assertFalse(waiting.toLine().contains("reason="), waiting.toLine());
    }

    @Test
    void anUpLinkNamesItsNegotiatedTlsVersionAndSuite() {
        UnitEvent up = new LinkStatus("gw", 17000, "127.0.0.1:5061", "127.0.0.1:5061", LinkState.Up, "",
                "TLSv1.3", "TLS_AES_128_GCM_SHA256").toEvent();
        assertEquals("TLSv1.3", up.get("tlsVersion"), up.toLine());
        assertEquals("TLS_AES_128_GCM_SHA256", up.get("suite"), up.toLine());
        UnitEvent down = new LinkStatus("gw", 17000, "127.0.0.1:5061", "", LinkState.Down, REFUSED, "TLSv1.3", "TLS_AES_128_GCM_SHA256").toEvent();
        assertNull(down.get("tlsVersion"), "a link that is down has no session: " + down.toLine());
    }
}
