package dev.casguard.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers, as problem+json and before authentication, the requests {@link RequestTargetGuard}
 * re-addressed because the web container could not have taken them as sent (see
 * {@link RequestTargetCheck}). A client calling these paths directly gets the same answers.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public class RefusedRequestFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String path = "/api/" + request.getUriInfo().getPath(false).replaceFirst("^/", "");
        if (path.equals(RequestTargetCheck.REFUSED_TARGET)) {
            request.abortWith(ProblemResponse.of(ProblemCode.VALIDATION_FAILED, "the request path is not valid: "
                    + "a malformed %-escape, invalid UTF-8, a NUL or backslash, or a step above the root"));
        } else if (path.equals(RequestTargetCheck.REFUSED_METHOD)) {
            request.abortWith(ProblemResponse.of(ProblemCode.METHOD_NOT_ALLOWED, "TRACE is not allowed"));
        } else if (path.equals(RequestTargetCheck.REFUSED_SERVER_METHOD)) {
            request.abortWith(Response.fromResponse(ProblemResponse.of(ProblemCode.METHOD_NOT_ALLOWED,
                    "this endpoint answers GET, HEAD and OPTIONS")).header(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS").build());
        }
    }
}
