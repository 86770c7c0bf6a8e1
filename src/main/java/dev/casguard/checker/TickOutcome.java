package dev.casguard.checker;

/** How a tick ended. */
public enum TickOutcome {
    COMPLETED("completed"),
    TIMED_OUT("timed-out"),
    LOCK_LOST("lock-lost");

    private final String label;

    TickOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A lost lock may have cut the run short without anyone noticing: its slot stays due. */
    boolean countsForItsSlot() {
        return this != LOCK_LOST;
    }
}
