package org.secureta.launcher.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObservationsTest {

    @Test
    void aScenarioIsAsExpectedOnlyWhenItObservedSomethingAndEverythingMatchedTheGuide() {
        assertFalse(new Observations().asExpected(), "nothing observed proves nothing");
        assertTrue(new Observations().check(true, "link down").check(true, "no REGISTER").asExpected());
        assertFalse(new Observations().check(true, "link down").check(false, "the line registered").asExpected());
    }

    @Test
    void eachObservationReadsWithItsVerdict() {
        Observations seen = new Observations().check(true, "415 received").check(false, "audio flowed");
        assertEquals("[ok]  415 received", seen.all().get(0).toString());
        assertEquals("[NOT AS EXPECTED] audio flowed", seen.all().get(1).toString());
    }
}
