package org.secureta.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.ProfileParser;

/** What {@code ta fleet} builds a unit from: the same configurations ProfileMapping writes into ConfigAdmin, by PID. */
class UnitConfigurationsTest {

    @Test
    void aFleetUnitGetsEveryConfigurationOfTheMappingByItsEffectivePid() throws Exception {
        Map<String, Map<String, Object>> configs = UnitConfigurations.of(new ProfileParser(DeviceSchema.DGW_2_0).parse("""
                SipEp.TransportConfig[Lab].TlsEnable=Enable
                SipEp.TransportPersistentBasePort=20007
                SipEp.UserAgent[Port1].Username=1007
                SipEp.UserAgent[Port1].GatewayName=Lab
                SipEp.Authentication[Port1].Password=pw-1007
                Mipt.IpTransportSrtpBasePort=30056
                """, "unit 7"), Path.of("/fleet"));
        assertEquals(20007, configs.get("org.secureta.transport").get("persistentBasePort"));
        assertEquals("1007", configs.get("org.secureta.transport.line~Port1").get("username"));
        assertEquals("pw-1007", configs.get("org.secureta.transport.line~Port1").get(".authPassword"));
        assertTrue(configs.containsKey("org.secureta.transport.gateway~Lab"), configs.keySet().toString());
        assertEquals(30056, configs.get("org.secureta.srtp").get("srtpBasePort"));
        assertEquals(ProfileMapping.map(new ProfileParser(DeviceSchema.DGW_2_0).parse("SipEp.UserAgent[Port1].Username=1\n", "t"),
                Path.of("/f")).size(), UnitConfigurations.of(new ProfileParser(DeviceSchema.DGW_2_0).parse("SipEp.UserAgent[Port1].Username=1\n",
                "t"), Path.of("/f")).size(), "one entry per configuration record");
    }
}
