package org.secureta.provisioning.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProfileWriterTest {

    private static final String PROFILE = """
            # lines in any order, with comments
            SipEp.UserAgent[Port1].Username=100
            SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable
            SipEp.TransportTlsVersion=TLSv1_2
            SipEp.Authentication[Port1].Password=s3cret pass
            SipEp.UserAgent[Port2].Username=101
            SipEp.UserAgent[Port1].FriendlyName=Line one
            SecureTA.MikeyPreSharedKey=00112233445566778899aabbccddeeff
            """;

    private final ProfileParser parser = new ProfileParser(DeviceSchema.DGW_2_0);

    @Test
    void exportReadBackGivesTheSameProfileAndTheSameText() throws Exception {
        Profile original = parser.parse(PROFILE, "in.profile");
        String exported = ProfileWriter.export(original, false);
        Profile reread = parser.parse(exported, "exported.profile");
        assertEquals(original, reread);
        assertEquals(exported, ProfileWriter.export(reread, false));
    }

    @Test
    void exportWithDefaultsIsAlsoAnExactRoundTrip() throws Exception {
        Profile original = parser.parse(PROFILE, "in.profile");
        String all = ProfileWriter.export(original, true);
        assertTrue(all.contains("SipEp.TransportPersistentBasePort=16000\n"), "defaults are written");
        Profile reread = parser.parse(all, "all.profile");
        assertEquals(all, ProfileWriter.export(reread, true));
        assertEquals(ProfileWriter.export(original, true), ProfileWriter.export(reread, true));
    }

    @Test
    void exportListsVariablesInTheSchemasOrderAndRowsInFirstAppearance() throws Exception {
        String exported = ProfileWriter.export(parser.parse(PROFILE, "in.profile"), false);
        assertEquals("""
                SipEp.TransportTlsVersion=TLSv1_2
                SecureTA.MikeyPreSharedKey=00112233445566778899aabbccddeeff
                SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable
                SipEp.UserAgent[Port1].Username=100
                SipEp.UserAgent[Port1].FriendlyName=Line one
                SipEp.UserAgent[Port2].Username=101
                SipEp.Authentication[Port1].Password=s3cret pass
                """, exported);
    }

    @Test
    void theDisplayedProfileMasksPasswordsAndKeys() throws Exception {
        Profile p = parser.parse(PROFILE, "in.profile");
        String shown = ProfileWriter.display(p);
        assertFalse(shown.contains("s3cret"), shown);
        assertFalse(shown.contains("00112233"), shown);
        assertTrue(shown.contains("SipEp.Authentication[Port1].Password=********"));
        assertEquals(shown, p.toString(), "toString never shows secrets either");
    }
}
