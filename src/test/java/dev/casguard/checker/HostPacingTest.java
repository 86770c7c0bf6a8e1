package dev.casguard.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostPacingTest {

    @Test
    void eachServerHasItsOwnCap() {
        HostPacing pacing = new HostPacing(2);
        pacing.started("a:443");
        pacing.started("a:443");
        assertFalse(pacing.hasRoom("a:443"));
        assertTrue(pacing.hasRoom("b:443"), "another server is not held up");
        pacing.finished("a:443", false);
        assertTrue(pacing.hasRoom("a:443"));
    }

    @Test
    void aThrottlingServerIsHalvedDownToOneForTheRestOfTheTick() {
        HostPacing pacing = new HostPacing(8);
        pacing.started("a:443");
        pacing.finished("a:443", true);
        assertEquals(4, pacing.cap("a:443"));
        pacing.finished("a:443", true);
        pacing.finished("a:443", true);
        pacing.finished("a:443", true);
        assertEquals(1, pacing.cap("a:443"));
        assertEquals(8, pacing.cap("b:443"));
    }

    @Test
    void theFairShareSkipsAnOrganizationWhoseNextBackendsServerIsFull() {
        HostPacing pacing = new HostPacing(1);
        FairShare<String> queue = new FairShare<>(8);
        queue.add("acme", "full:443");
        queue.add("acme", "full:443");
        queue.add("globex", "free:443");
        pacing.started("full:443");
        Optional<String> next = queue.next(pacing::hasRoom);
        assertEquals(Optional.of("free:443"), next);
        assertEquals(Optional.empty(), queue.next(pacing::hasRoom), "acme waits for its server");
        pacing.finished("full:443", false);
        assertEquals(Optional.of("full:443"), queue.next(pacing::hasRoom));
    }
}
