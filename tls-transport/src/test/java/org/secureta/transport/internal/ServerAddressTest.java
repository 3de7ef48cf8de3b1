package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void portZeroOrNoPortMeansTheTransportsDefault() {
        assertEquals(new ServerAddress("proxy.example", 5061), ServerAddress.parse("proxy.example", 5061, "registrarHost"));
        assertEquals(new ServerAddress("192.0.2.1", 5061), ServerAddress.parse("192.0.2.1:0", 5061, "registrarHost"));
        assertEquals(new ServerAddress("192.0.2.1", 5062), ServerAddress.parse(" 192.0.2.1:5062 ", 5061, "registrarHost"));
    }

    @Test
    void ipv6LiteralsAreWrittenInBrackets() {
        ServerAddress address = ServerAddress.parse("[2001:db8::1]:5062", 5061, "proxyHost");

        assertEquals("2001:db8::1", address.host());
        assertEquals("[2001:db8::1]:5062", address.hostPort());
    }

    @Test
    void badValuesNameTheFieldAndTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("host:70000", 5061, "gateway gw registrarHost"))
                .getMessage().equals("gateway gw registrarHost 'host:70000': port 70000 out of range 0..65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("host:abc", 5061, "proxyHost"))
                .getMessage().contains("port 'abc' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("", 5061, "proxyHost"))
                .getMessage().equals("proxyHost is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("2001:db8::1", 5061, "proxyHost"))
                .getMessage().contains("[address]:port"));
    }
}
