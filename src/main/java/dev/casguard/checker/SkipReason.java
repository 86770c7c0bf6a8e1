package dev.casguard.checker;

/** Why a heartbeat ran no tick for a scope (the {@code reason} tag of {@code casguard_checker_skips}). */
enum SkipReason {
    /** The scope's slot has been run already. */
    NOT_DUE("not-due"),
    /** Another instance holds the scope's advisory lock. */
    LOCK_HELD("lock-held"),
    /** This instance is still running the scope's previous tick. */
    RUNNING_HERE("running-here"),
    /** The lock connections go through a transaction-mode pooler: locks would not hold. */
    TRANSACTION_POOLER("transaction-pooler");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
