package dev.casguard.api;

/**
 * A failure the client can act on, answered as problem+json. Its detail is shown to the client,
 * so it must never carry a secret.
 */
public class ApiProblem extends RuntimeException {

    private final ProblemCode code;

    public ApiProblem(ProblemCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public ProblemCode code() {
        return code;
    }

    public static ApiProblem invalid(String detail) {
        return new ApiProblem(ProblemCode.VALIDATION_FAILED, detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(ProblemCode.NOT_FOUND, detail);
    }
}
