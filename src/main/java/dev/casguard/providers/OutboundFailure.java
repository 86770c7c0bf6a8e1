package dev.casguard.providers;

import java.io.IOException;

/**
 * Why an outbound request did not produce an answer to act on, in words fit for a stored error:
 * no secret, no request detail a provider put in its answer.
 */
final class OutboundFailure extends IOException {

    /** What went wrong, as the checks report it. */
    enum Kind {
        /** The outbound policy refused the destination; nothing was sent. */
        REFUSED_BY_POLICY,
        /** DNS failure, refused or reset connection. */
        UNREACHABLE,
        /** The deadline passed before the exchange ended. */
        TIMEOUT,
        /** TLS handshake or certificate. */
        TLS,
        /** The answer exceeded what the check reads. */
        TOO_LARGE,
        /** The other side answered something that is not HTTP. */
        PROVIDER_ERROR
    }

    private final Kind kind;

    OutboundFailure(Kind kind, String reason) {
        super(reason, null);
        this.kind = kind;
    }

    static OutboundFailure refused(String reason) {
        return new OutboundFailure(Kind.REFUSED_BY_POLICY, reason);
    }

    Kind kind() {
        return kind;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome, not a bug: no stack to capture
    }
}
