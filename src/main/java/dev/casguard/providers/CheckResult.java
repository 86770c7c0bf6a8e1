package dev.casguard.providers;

import java.time.Duration;
import java.util.Optional;

/**
 * What a provider check found: success, or the kind of failure with a short reason free of
 * secrets, and how long the provider asked us to wait before trying again (Retry-After), if it did.
 */
public record CheckResult(boolean ok, String error, FailureKind failure, Duration retryAfter) {

    private static final int MAX_ERROR = 512;

    public static CheckResult passed() {
        return new CheckResult(true, null, null, null);
    }

    public static CheckResult failed(FailureKind kind, String reason) {
        return failed(kind, reason, Optional.empty());
    }

    public static CheckResult failed(FailureKind kind, String reason, Optional<Duration> retryAfter) {
        String shortened = reason.length() > MAX_ERROR ? reason.substring(0, MAX_ERROR) : reason;
        return new CheckResult(false, shortened, kind, retryAfter.orElse(null));
    }

    /** A provider's answer with an unexpected status, its kind read from the status (and Retry-After). */
    static CheckResult answered(OutboundAnswer answer, String reason) {
        Optional<Duration> retryAfter = RetryAfter.of(answer);
        return failed(FailureKind.ofStatus(answer.status(), retryAfter.isPresent()), reason, retryAfter);
    }

    public Optional<Duration> retryAfterHint() {
        return Optional.ofNullable(retryAfter);
    }

    /** A failure that another try within the same validation may turn into a pass. */
    public boolean isTransientFailure() {
        return !ok && failure.isTransient();
    }
}
