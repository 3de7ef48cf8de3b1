package org.secureta.launcher.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitTemplateTest {

    private static final String TEMPLATE = String.join("\n",
            "# a fleet template",
            "SipEp.TransportConfig[Lab].TlsEnable=Enable",
            "SipEp.TransportPersistentBasePort=20000",
            "SipEp.GwSpecificRegistration[Lab].ServerHost=proxy.example:5061",
            "SipEp.UserAgent[Port1].Username=100",
            "SipEp.UserAgent[Port1].FriendlyName=Fleet {user}",
            "SipEp.UserAgent[Port1].GatewayName=Lab",
            "SipEp.Authentication[Port1].Username=100",
            "SipEp.Authentication[Port1].Password=pw-{user}",
            "Mipt.IpTransportSrtpBasePort=30000",
            "SecureTA.MaxCalls=4",
            "");

    @Test
    void unitIGetsUserPasswordAndPortsFromItsIndex() {
        UnitTemplate t = UnitTemplate.parse(TEMPLATE, "t", 10, -1);
        Map<String, String> u = t.unit(7, null);
        assertEquals("107", u.get("SipEp.UserAgent[Port1].Username"));
        assertEquals("107", u.get("SipEp.Authentication[Port1].Username"));
        assertEquals("pw-107", u.get("SipEp.Authentication[Port1].Password"), "{user} gives each unit its own password");
        assertEquals("Fleet 107", u.get("SipEp.UserAgent[Port1].FriendlyName"));
        assertEquals("20007", u.get("SipEp.TransportPersistentBasePort"), "one link port per unit");
        assertEquals(Integer.toString(30000 + 7 * 8), u.get("Mipt.IpTransportSrtpBasePort"), "RTP and RTCP for each of 4 calls");
        assertEquals("Enable", u.get("SecureTA.AutoAnswer"), "units answer the fleet's calls");
        assertEquals("proxy.example:5061", u.get("SipEp.GwSpecificRegistration[Lab].ServerHost"));
    }

    @Test
    void theFleetsOwnProxyReplacesTheRegistrar() {
        Map<String, String> u = UnitTemplate.parse(TEMPLATE, "t", 10, 5000).unit(0, "127.0.0.1:40000");
        assertEquals("127.0.0.1:40000", u.get("SipEp.GwSpecificRegistration[Lab].ServerHost"));
        assertEquals("5000", u.get("SipEp.UserAgent[Port1].Username"), "--first-user counts from its own number");
    }

    @Test
    void aTemplateWithoutAPasswordPlaceholderSharesItsPassword() {
        UnitTemplate t = UnitTemplate.parse(TEMPLATE.replace("pw-{user}", "shared"), "t", 3, -1);
        assertEquals("shared", t.unit(2, null).get("SipEp.Authentication[Port1].Password"));
    }

    @Test
    void mediaPortsZeroMeansAnyFreePortForEveryUnit() {
        UnitTemplate t = UnitTemplate.parse(TEMPLATE.replace("SrtpBasePort=30000", "SrtpBasePort=0"), "t", 10, -1);
        assertEquals("0", t.unit(9, null).get("Mipt.IpTransportSrtpBasePort"));
    }

    @Test
    void refusals() {
        assertRefused(TEMPLATE.replace("Username=100\n", "Username=alice\n"), 10, -1, "not a number to count users from: give --first-user U");
        assertRefused(TEMPLATE + "SipEp.UserAgent[Port2].Username=200\n", 10, -1, "exactly one line");
        assertRefused("Mipt.DefaultSecurityRtpMode=Secure\n", 10, -1, "exactly one line (SipEp.UserAgent[ROW]); it has none");
        assertRefused(TEMPLATE, 50000, -1, "need local ports up to 69999, past 65535");
        assertRefused(TEMPLATE, 5000, -1, "need media ports up to 69999, past 65535");
        assertRefused(TEMPLATE.replace("SrtpBasePort=30000", "SrtpBasePort=20005"), 10, -1, "overlap");
        assertRefused(TEMPLATE + "this is not a variable\n", 10, -1, "line 12: expected Service.Variable=Value");
        assertRefused(TEMPLATE + "Mipt.EpSpecificSecurity[Port1].EnableConfig=Enable\n", 10, -1, "not supported by ta fleet yet");
    }

    @Test
    void textNeverLosesAVariable() {
        Map<String, String> u = UnitTemplate.parse(TEMPLATE, "t", 10, -1).unit(1, null);
        String text = UnitTemplate.text(u);
        assertTrue(text.contains("SipEp.Authentication[Port1].Password=pw-101\n"));
        assertFalse(text.contains("{user}"));
    }

    private static void assertRefused(String text, int units, int firstUser, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnitTemplate.parse(text, "t.profile", units, firstUser));
        assertTrue(e.getMessage().contains(why), "'" + e.getMessage() + "' should say '" + why + "'");
    }
}
