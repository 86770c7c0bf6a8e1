package dev.casguard.providers;

/**
 * What became of one {@link Outbound#post}: the answer's status, or, when there was none to act
 * on, the kind of failure and a secret-free reason.
 */
public record PostOutcome(int status, FailureKind failure, String error) {

    static PostOutcome answered(int status) {
        return new PostOutcome(status, null, null);
    }

    static PostOutcome failed(FailureKind failure, String error) {
        return new PostOutcome(0, failure, error);
    }

    /** Whether the other side took it (any 2xx). */
    public boolean accepted() {
        return status >= 200 && status < 300;
    }
}
