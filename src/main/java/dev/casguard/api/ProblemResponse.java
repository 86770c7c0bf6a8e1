package dev.casguard.api;

import dev.casguard.domain.Refusal;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds RFC 9457 problem+json responses. */
public final class ProblemResponse {

    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    private ProblemResponse() {
    }

    public static Response of(ProblemCode code, String detail) {
        return of(code, detail, Map.of());
    }

    private static Response of(ProblemCode code, String detail, Map<String, String> members) {
        JsonObjectBuilder body = document(code, code.status(), detail);
        members.forEach(body::add);
        Response.ResponseBuilder response = Response.status(code.status()).type(PROBLEM_JSON)
                .entity(body.build().toString());
        if (code == ProblemCode.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"casguard\"");
        }
        if (code.retryable()) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.build();
    }

    /** The problem document itself, for answers written outside JAX-RS. */
    public static String body(ProblemCode code, String detail) {
        return body(code, code.status(), detail);
    }

    /** With the status the container chose, when it is not the code's own (408, 414, 431...). */
    public static String body(ProblemCode code, int status, String detail) {
        return document(code, status, detail).build().toString();
    }

    private static JsonObjectBuilder document(ProblemCode code, int status, String detail) {
        return Json.createObjectBuilder()
                .add("type", code.type())
                .add("title", code.title())
                .add("status", status)
                .add("detail", detail == null ? code.title() : detail)
                .add("code", code.name());
    }

    public static Response of(Refusal refusal) {
        return of(ProblemCode.answering(refusal.reason()), refusal.getMessage(), refusal.members());
    }
}
