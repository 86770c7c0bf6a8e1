package dev.casguard.domain;

import java.util.Map;

/**
 * Something casguard will not do, and why. Its message is shown to the client, so it must never
 * carry a secret.
 */
public class Refusal extends RuntimeException {

    /** Why; each reason is answered with its own problem code at the edge. */
    public enum Reason {
        INVALID_INPUT,
        /** More than casguard reads of one input. */
        TOO_LARGE,
        /** The provider refused the backend's credentials or location when checked on creation or change. */
        CREDENTIALS_REJECTED,
        NOT_FOUND,
        ALREADY_EXISTS,
        /** The organization has no default CAS backend to upload to. */
        NO_DEFAULT_BACKEND,
        /** The organization's default is invalid and there is no valid fallback. */
        NO_VALID_BACKEND,
        /** The organization already has as many provider checks running as it may. */
        TOO_MANY_CHECKS,
        /** This instance is at a bound of its own; the same request may succeed in a moment. */
        BUSY
    }

    private final Reason reason;
    private final Map<String, String> members;

    public Refusal(Reason reason, String detail) {
        this(reason, detail, Map.of());
    }

    /** With members the answer carries beside its detail (e.g. {@code validationFailure}); never secrets. */
    public Refusal(Reason reason, String detail, Map<String, String> members) {
        super(detail, null, false, false);
        this.reason = reason;
        this.members = Map.copyOf(members);
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, String> members() {
        return members;
    }

    public static Refusal invalid(String detail) {
        return new Refusal(Reason.INVALID_INPUT, detail);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Reason.NOT_FOUND, detail);
    }

    public static Refusal alreadyExists(String detail) {
        return new Refusal(Reason.ALREADY_EXISTS, detail);
    }
}
