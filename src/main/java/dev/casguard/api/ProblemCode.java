package dev.casguard.api;

import dev.casguard.domain.Refusal;

/** The contract's machine-readable error codes, each with its HTTP status and title. */
public enum ProblemCode {
    VALIDATION_FAILED(400, "Validation failed"),
    CAS_BACKEND_CREDENTIALS_INVALID(400, "CAS backend credentials invalid"),
    UNAUTHENTICATED(401, "Unauthenticated"),
    FORBIDDEN(403, "Forbidden"),
    CAS_BACKEND_REQUIRED(403, "CAS backend required"),
    CAS_BACKEND_INVALID(403, "CAS backend invalid"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    ALREADY_EXISTS(409, "Already exists"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    TOO_MANY_CHECKS(429, "Too many checks"),
    INTERNAL(500, "Internal error"),
    UNAVAILABLE(503, "Unavailable");

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The code a refusal of the domain's is answered with. */
    public static ProblemCode answering(Refusal.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT -> VALIDATION_FAILED;
            case TOO_LARGE -> PAYLOAD_TOO_LARGE;
            case CREDENTIALS_REJECTED -> CAS_BACKEND_CREDENTIALS_INVALID;
            case NOT_FOUND -> NOT_FOUND;
            case ALREADY_EXISTS -> ALREADY_EXISTS;
            case NO_DEFAULT_BACKEND -> CAS_BACKEND_REQUIRED;
            case NO_VALID_BACKEND -> CAS_BACKEND_INVALID;
            case TOO_MANY_CHECKS -> TOO_MANY_CHECKS;
            case BUSY -> UNAVAILABLE;
        };
    }

    /** Whether the client should retry after a moment (answered with {@code Retry-After: 1}). */
    public boolean retryable() {
        return this == TOO_MANY_CHECKS || this == UNAVAILABLE;
    }

    /** The problem's {@code type} URI: a stable, documented identifier rather than a link. */
    public String type() {
        return "urn:casguard:problem:" + name().toLowerCase().replace('_', '-');
    }
}
