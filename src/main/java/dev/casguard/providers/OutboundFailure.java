package dev.casguard.providers;

import java.io.IOException;

/**
 * Why an outbound request did not produce an answer to act on, in words fit for a stored error:
 * no secret, no request detail a provider put in its answer.
 */
final class OutboundFailure extends IOException {

    private final FailureKind kind;
    private final boolean answerTooLarge;

    OutboundFailure(FailureKind kind, String reason) {
        this(kind, reason, false);
    }

    private OutboundFailure(FailureKind kind, String reason, boolean answerTooLarge) {
        super(reason, null);
        this.kind = kind;
        this.answerTooLarge = answerTooLarge;
    }

    static OutboundFailure refused(String reason) {
        return new OutboundFailure(FailureKind.REFUSED_BY_POLICY, reason);
    }

    /** The answer exceeded what the check reads: a provider error, and no reason to try another scheme. */
    static OutboundFailure tooLarge(String reason) {
        return new OutboundFailure(FailureKind.PROVIDER_ERROR, reason, true);
    }

    FailureKind kind() {
        return kind;
    }

    boolean answerTooLarge() {
        return answerTooLarge;
    }

    /** The failed check this ends in. */
    CheckResult asResult() {
        return CheckResult.failed(kind, getMessage());
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome, not a bug: no stack to capture
    }
}
