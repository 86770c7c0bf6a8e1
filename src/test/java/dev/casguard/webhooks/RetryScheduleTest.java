package dev.casguard.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final RetrySchedule DEFAULTS = new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(24));

    @Test
    void pausesGrowFourfoldFromTheFirstRetryToAThirdOfTheDay() {
        List<Long> seconds = new ArrayList<>();
        for (int failures = 1; failures <= 9; failures++) {
            seconds.add(DEFAULTS.delayAfter(failures, Duration.ZERO, 0).orElseThrow().toSeconds());
        }
        assertEquals(List.of(5L, 20L, 80L, 320L, 1280L, 5120L, 20480L, 28800L, 28800L), seconds);
    }

    @Test
    void jitterTakesUpToAQuarterOff() {
        long mostOff = DEFAULTS.delayAfter(1, Duration.ZERO, 0.999_999).orElseThrow().toMillis();
        assertTrue(mostOff >= 3750 && mostOff <= 3751, mostOff + " ms");
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            long millis = DEFAULTS.delayAfter(3, Duration.ZERO, random.nextDouble()).orElseThrow().toMillis();
            assertTrue(millis > 60_000 && millis <= 80_000, millis + " ms");
        }
    }

    @Test
    void itGivesUpWhenTheNextAttemptWouldFallPastADay() {
        assertEquals(Optional.empty(), DEFAULTS.delayAfter(9, Duration.ofHours(20), 0));
        assertTrue(DEFAULTS.delayAfter(9, Duration.ofHours(15), 0).isPresent());
    }

    @Test
    void aReceiverThatNeverAnswersGetsAboutTenAttemptsOverAboutADay() {
        for (double random : new double[] {0, 0.5, 0.999}) {
            Duration pending = Duration.ZERO;
            int attempts = 1;
            Optional<Duration> pause;
            while ((pause = DEFAULTS.delayAfter(attempts, pending, random)).isPresent()) {
                pending = pending.plus(pause.get());
                attempts++;
            }
            assertTrue(attempts >= 9 && attempts <= 12, attempts + " attempts at jitter " + random);
            assertTrue(pending.toHours() >= 15 && pending.toHours() < 24, pending + " at jitter " + random);
        }
    }
}
