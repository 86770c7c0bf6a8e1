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

    /**
     * A deadline for one of {@code parts} tries within this one: its part of the time left once
     * {@code reserve} (the pauses still ahead) is set aside, or of all of it when that leaves none.
     */
    public Deadline share(int parts, Duration reserve) {
        long left = Math.max(0, nanoTime - System.nanoTime());
        long spendable = left > reserve.toNanos() ? left - reserve.toNanos() : left;
        return new Deadline(System.nanoTime() + spendable / Math.max(1, parts));
    }

    public boolean passed() {
        return System.nanoTime() - nanoTime >= 0;
    }
}
