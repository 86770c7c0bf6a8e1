package dev.casguard.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Refuses a declared body over 64 KiB before anything reads it; {@link JsonBodyReader} caps the rest. */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimit implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length == null) {
            return;
        }
        try {
            if (Long.parseLong(length.trim()) > JsonBodyReader.LIMIT) {
                request.abortWith(ProblemResponse.of(ProblemCode.PAYLOAD_TOO_LARGE, "the body is over 64 KiB"));
            }
        } catch (NumberFormatException e) {
            request.abortWith(ProblemResponse.of(ProblemCode.VALIDATION_FAILED, "malformed Content-Length"));
        }
    }
}
