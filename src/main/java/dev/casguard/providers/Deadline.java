package dev.casguard.providers;

import java.time.Duration;

/** The moment a check must be done by; each network call gets what is left of it. */
public record Deadline(long nanoTime) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** Time left, never less than a millisecond so that it can be passed as a timeout. */
    public Duration remaining() {
        long left = nanoTime - System.nanoTime();
        return Duration.ofNanos(Math.max(left, 1_000_000L));
    }

    public boolean passed() {
        return System.nanoTime() - nanoTime >= 0;
    }
}
