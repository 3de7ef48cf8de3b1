package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 2782 ordering of SRV records, and which configured servers are looked up by SRV. */
class SrvResolverTest {

    private static SrvResolver.Target target(int priority, int weight, String host) {
        return new SrvResolver.Target(priority, weight, 5061, host);
    }

    @Test
    void lowerPriorityAlwaysComesFirstWhateverTheWeights() {
        for (int i = 0; i < 200; i++) {
            List<SrvResolver.Target> ordered = SrvResolver.ordered(List.of(target(20, 1000, "late"), target(10, 0, "early"),
                    target(15, 1, "middle")));

            assertEquals(List.of("early", "middle", "late"), ordered.stream().map(SrvResolver.Target::host).toList());
        }
    }

    @Test
    void withinAPriorityTheHeavierTargetIsUsuallyFirstAndNoneIsLost() {
        int heavyFirst = 0;
        for (int i = 0; i < 1000; i++) {
            List<SrvResolver.Target> ordered = SrvResolver.ordered(List.of(target(10, 1, "light"), target(10, 99, "heavy")));
            assertEquals(2, ordered.size());
            heavyFirst += ordered.get(0).host().equals("heavy") ? 1 : 0;
        }

        assertTrue(heavyFirst > 900 && heavyFirst < 1000, "weight 99 against 1 comes first " + heavyFirst + " times in 1000");
    }

    @Test
    void onlyANameWithPortZeroIsLookedUpBySrv() {
        assertTrue(SrvResolver.wantsSrv("lab.example:0"));
        assertFalse(SrvResolver.wantsSrv("lab.example:5061"));
        assertFalse(SrvResolver.wantsSrv("lab.example"), "no port: the default 5061, as before");
        assertFalse(SrvResolver.wantsSrv("192.0.2.1:0"), "an address has no SRV records");
        assertFalse(SrvResolver.wantsSrv("[2001:db8::1]:0"));
    }
}
