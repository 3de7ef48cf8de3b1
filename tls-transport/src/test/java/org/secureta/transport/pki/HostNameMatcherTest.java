package org.secureta.transport.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNameMatcherTest {

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @CsvSource({
        "proxy.example.com,   proxy.example.com,   true",
        "PROXY.Example.com.,  proxy.example.com,   true",
        "*.example.com,       proxy.example.com,   true",
        "*.example.com,       example.com,         false",
        "*.example.com,       a.b.example.com,     false",
        "*.com,               example.com,         false",
        "p*.example.com,      proxy.example.com,   false",
        "proxy.*.com,         proxy.example.com,   false",
        "*.*.example.com,     a.b.example.com,     false",
        "*.example.com,       .example.com,        false",
        "*.10.0.0,            192.10.0.0,          false",
        "*.co.uk,             example.co.uk,       false",
        "*.github.io,         someone.github.io,   false",
        "*.example.co.uk,     sip.example.co.uk,   true",
    })
    void dnsWildcardsCoverExactlyOneLeftMostLabel(String pattern, String host, boolean expected) {
        assertEquals(expected, HostNameMatcher.dnsMatches(pattern, host));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "192.0.2.1,         true",
        "[2001:db8::1],     true",
        "2001:db8::1,       true",
        "::1,               true",
        "proxy.example,     false",
        "192.0.2.256,       false",
        "1.2.3,             false",
        "deadbeef,          false",
    })
    void ipLiteralsAreRecognisedWithoutAskingDns(String text, boolean literal) {
        assertEquals(literal, IpLiterals.parse(text).isPresent());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "proxy.example:5061,   proxy.example",
        "192.0.2.11:5062,      192.0.2.11",
        "192.0.2.11,           192.0.2.11",
        "[2001:db8::1]:5061,   2001:db8::1",
        "2001:db8::1,          2001:db8::1",
        "sip.example:0,        sip.example",
    })
    void configuredHostPortLosesItsPort(String hostPort, String host) {
        assertEquals(host, ServerIdentity.fromHostPort(hostPort).configuredHost());
    }

    @org.junit.jupiter.api.Test
    void wildcardNeverMatchesAnIpAddressPattern() {
        assertFalse(HostNameMatcher.dnsMatches("127.0.0.1", "127.0.0.1"), "IP addresses are matched as iPAddress SANs, not DNS names");
        assertTrue(HostNameMatcher.dnsMatches("localhost", "localhost"));
    }
}
