package dev.casguard.security;

import dev.casguard.api.ProblemCode;
import dev.casguard.api.ProblemResponse;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authenticates every API call and scopes it: operator endpoints ({@link AdminOnly}) take only the
 * admin token, and an organization's token reaches only paths of its own organization (others
 * answer 404, as if absent). Tokens are looked up on every request, so a revoked token is refused
 * on every instance at once.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthentication implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";

    @Inject
    @ConfigProperty(name = "casguard.admin-token")
    Optional<String> adminToken;

    @Inject
    TokenDirectory tokens;

    @Inject
    CallerContext callerContext;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        boolean adminOnly = resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(AdminOnly.class)
                    || resource.getResourceClass().isAnnotationPresent(AdminOnly.class));
        Optional<String> operatorToken = adminToken.filter(t -> !t.isBlank());
        if (adminOnly && operatorToken.isEmpty()) {
            request.abortWith(ProblemResponse.of(ProblemCode.FORBIDDEN,
                    "the admin API is disabled: casguard.admin-token is not set"));
            return;
        }
        Optional<Caller> caller = presentedToken(request).flatMap(token -> authenticate(token, operatorToken));
        if (caller.isEmpty()) {
            request.abortWith(ProblemResponse.of(ProblemCode.UNAUTHENTICATED, "a valid bearer token is required"));
            return;
        }
        if (adminOnly && !caller.get().admin()) {
            request.abortWith(ProblemResponse.of(ProblemCode.FORBIDDEN, "this endpoint needs the admin token"));
            return;
        }
        String organization = request.getUriInfo().getPathParameters().getFirst("org");
        if (organization != null && !caller.get().mayAccess(organization)) {
            request.abortWith(ProblemResponse.of(ProblemCode.NOT_FOUND, "no such organization"));
            return;
        }
        callerContext.authenticate(caller.get());
    }

    private Optional<Caller> authenticate(String token, Optional<String> operatorToken) {
        if (operatorToken.isPresent() && BearerToken.sameSecret(token, operatorToken.get())) {
            return Optional.of(Caller.operator());
        }
        return tokens.findCaller(BearerToken.digest(token));
    }

    private static Optional<String> presentedToken(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).trim();
        return token.isEmpty() || token.length() > 512 ? Optional.empty() : Optional.of(token);
    }
}
