package dev.casguard.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class CheckerCadenceTest {

    @Test
    void slotsAreAlignedToTheEpoch() {
        assertEquals(OffsetDateTime.parse("2026-12-03T08:30:00Z"),
                CheckerCadence.slotStart(OffsetDateTime.parse("2026-12-03T08:44:59.999Z"), Duration.ofMinutes(30)));
        assertEquals(OffsetDateTime.parse("2026-12-03T09:00:00Z"),
                CheckerCadence.slotStart(OffsetDateTime.parse("2026-12-03T09:00:00Z"), Duration.ofMinutes(30)));
        assertEquals(OffsetDateTime.parse("2026-12-03T08:44:50Z"),
                CheckerCadence.slotStart(OffsetDateTime.parse("2026-12-03T08:44:59Z"), Duration.ofSeconds(10)));
    }

    @Test
    void theOffsetIsKeptAndTheInstantIsTheSame() {
        OffsetDateTime start = CheckerCadence.slotStart(OffsetDateTime.parse("2026-12-03T10:44:59+02:00"),
                Duration.ofMinutes(30));
        assertEquals(OffsetDateTime.parse("2026-12-03T08:30:00Z").toInstant(), start.toInstant());
    }
}
