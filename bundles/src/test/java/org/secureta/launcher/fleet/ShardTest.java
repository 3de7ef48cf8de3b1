package org.secureta.launcher.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardTest {

    /** Every unit runs in exactly one shard, slices are contiguous and differ in size by one at most. */
    @ParameterizedTest
    @CsvSource({"1,1", "10,3", "1000,4", "5000,7", "7,7", "100,64"})
    void slicesCoverEveryUnitOnceAndEvenly(int units, int shards) {
        List<Integer> covered = new ArrayList<>();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int i = 0; i < shards; i++) {
            Shard shard = new Shard(i, shards);
            assertEquals(covered.size(), shard.first(units), "shard " + shard + " starts where the previous ended");
            for (int u = shard.first(units); u < shard.end(units); u++) {
                covered.add(u);
            }
            smallest = Math.min(smallest, shard.size(units));
            largest = Math.max(largest, shard.size(units));
        }
        assertEquals(units, covered.size());
        assertEquals(units - 1, covered.get(covered.size() - 1));
        assertTrue(largest - smallest <= 1, "sizes " + smallest + ".." + largest);
    }

    @Test
    void twoOfFourOfOneThousandIsUnits500To749() {
        Shard shard = Shard.parse("2/4");
        assertEquals(500, shard.first(1000));
        assertEquals(750, shard.end(1000));
    }

    @Test
    void derivedUsersAndPortsOfShardsNeverOverlap() {
        UnitTemplate template = UnitTemplate.parse(String.join("\n",
                "SipEp.UserAgent[Port1].Username=1000",
                "SipEp.TransportPersistentBasePort=20000",
                "Mipt.IpTransportSrtpBasePort=30000",
                "SecureTA.MaxCalls=2"), "t", 1000, -1);
        Shard a = new Shard(0, 2);
        Shard b = new Shard(1, 2);
        int lastOfA = a.end(1000) - 1;
        int firstOfB = b.first(1000);
        assertEquals(template.user(lastOfA) + 1, template.user(firstOfB));
        assertTrue(template.linkPort(lastOfA) < template.linkPort(firstOfB));
        assertTrue(template.mediaPort(lastOfA) + 4 <= template.mediaPort(firstOfB), "4 media ports per unit (2 calls, RTP + RTCP)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "4/4; I must be 0 to 3",
            "-1/4; I must be 0 to 3",
            "1/0; N must be at least 1",
            "1; takes I/N",
            "a/b; whole numbers",
            "1/2/3; takes I/N"})
    void badShardsAreRefusedSayingWhy(String text, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(text));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().startsWith("--shard"), e.getMessage());
    }
}
