package dev.casguard.webhooks;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed delivery is tried again: {@code firstRetry} after the first failure, four times
 * longer after each further one, never more than a third of {@code giveUpAfter} apart, each delay
 * shortened by up to a quarter at random so that receivers coming back are not hit by every
 * delivery at once. Once the next attempt would come later than {@code giveUpAfter} after the
 * delivery became pending, it has failed. With the defaults (5 s, a day): 5 s, 20 s, 80 s,
 * 5 min, 21 min, 85 min, 5.7 h, then 8 h apart, about ten attempts in all.
 */
record RetrySchedule(Duration firstRetry, Duration giveUpAfter) {

    private static final int GROWTH = 4;

    /**
     * The pause before the next attempt after {@code failures} failed ones (at least one), for a
     * delivery pending for {@code pendingFor}; empty: give up. {@code random} is in [0, 1).
     */
    Optional<Duration> delayAfter(int failures, Duration pendingFor, double random) {
        long cap = giveUpAfter.toMillis() / 3;
        long delay = firstRetry.toMillis();
        for (int n = 1; n < failures && delay < cap; n++) {
            delay *= GROWTH;
        }
        delay = Math.min(delay, cap);
        long jittered = delay - (long) (delay * 0.25 * random);
        if (pendingFor.toMillis() + jittered > giveUpAfter.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(jittered));
    }
}
