package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The registration retry timing: back-off, cap, and the spread that keeps a herd of units from retrying at once. */
class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.ofSeconds(60, 600);

    @Test
    void delaysDoubleFromTheRetryTimeUpToTheCap() {
        List<Long> seconds = new ArrayList<>();
        for (int failures = 1; failures <= 8; failures++) {
            seconds.add(policy.nominal(failures).toSeconds());
        }
        assertEquals(List.of(60L, 120L, 240L, 480L, 600L, 600L, 600L, 600L), seconds);
        assertEquals(Duration.ofSeconds(600), policy.nominal(Integer.MAX_VALUE), "no overflow after very many failures");
    }

    @Test
    void everyDelayStaysWithinTheJitterBandAndNeverFallsBelowIt() {
        Random random = new Random(42);
        for (int failures = 1; failures <= 10; failures++) {
            long nominal = policy.nominal(failures).toMillis();
            for (int i = 0; i < 1000; i++) {
                long delay = policy.delay(failures, random).toMillis();
                assertTrue(delay >= nominal * 0.75 && delay <= nominal * 1.25, "delay " + delay + " ms after " + failures + " failures");
            }
        }
    }

    /**
     * 500 units refused by a registrar at the same instant: their first retries must spread over
     * the jitter band instead of arriving together (a herd within 0.2 s once crashed Kamailio).
     */
    @Test
    void aHerdOfUnitsRefusedTogetherRetriesSpreadOverTheBand() {
        Random random = new Random(20261207L);
        List<Long> attempts = new ArrayList<>();
        for (int unit = 0; unit < 500; unit++) {
            attempts.add(policy.delay(1, random).toMillis());
        }
        Collections.sort(attempts);
        long spread = attempts.get(attempts.size() - 1) - attempts.get(0);
        assertTrue(spread >= 25_000, "first retries spread over only " + spread + " ms");
        // Busiest 200 ms window: uniform over 30 s would put about 3.3 attempts there.
        int busiest = 0;
        for (int i = 0, j = 0; i < attempts.size(); i++) {
            while (attempts.get(i) - attempts.get(j) > 200) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        assertTrue(busiest <= 15, busiest + " of 500 retries within one 200 ms window");
        // Each tenth of the band holds roughly a tenth of the units (no clumping at one end).
        int[] deciles = new int[10];
        for (long attempt : attempts) {
            deciles[(int) Math.min(9, (attempt - 45_000) / 3_000)]++;
        }
        for (int count : deciles) {
            assertTrue(count >= 25 && count <= 80, "uneven spread over the band: " + java.util.Arrays.toString(deciles));
        }
    }

    @Test
    void withoutJitterTheHerdWouldRetryAsOne() {
        RetryPolicy lockstep = new RetryPolicy(Duration.ofSeconds(60), Duration.ofSeconds(600), 0);
        Random random = new Random(1);
        assertEquals(lockstep.delay(1, random), lockstep.delay(1, random), "the control case: jitter is what spreads them");
    }

    @Test
    void invalidSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 0.25))
                .getMessage().contains("base"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(5), 0.25))
                .getMessage().contains("cap"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5))
                .getMessage().contains("jitter"));
        assertEquals(Duration.ofSeconds(30), RetryPolicy.ofSeconds(30, 10).cap(), "a cap below the retry time is the retry time");
    }
}
