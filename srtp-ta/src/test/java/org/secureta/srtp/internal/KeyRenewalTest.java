package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

/** The RFC 3261 14.1 back-off after a 491: the Call-ID's owner waits 2.1 to 4 s, the other side 0 to 2 s. */
class KeyRenewalTest {

    @Test
    void theOwnerOfTheCallIdAlwaysWaitsLongerThanTheOtherSide() {
        SecureRandom random = new SecureRandom();
        long ownerMin = Long.MAX_VALUE;
        long otherMax = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long owner = KeyRenewal.glareDelayMillis(true, random);
            long other = KeyRenewal.glareDelayMillis(false, random);
            assertTrue(owner >= 2100 && owner < 4000, "owner " + owner);
            assertTrue(other >= 0 && other < 2000, "other " + other);
            ownerMin = Math.min(ownerMin, owner);
            otherMax = Math.max(otherMax, other);
        }
        assertTrue(otherMax < ownerMin, "the side that does not own the Call-ID goes first");
    }
}
