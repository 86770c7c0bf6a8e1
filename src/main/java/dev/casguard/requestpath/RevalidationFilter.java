package dev.casguard.requestpath;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * First request-path filter, the {@link UploadTargetDecision}'s first step: an organization
 * without a default backend is refused; a stale or Invalid default is revalidated before the
 * request goes on.
 */
@Provider
@RevalidateStaleDefault
@Priority(Priorities.AUTHORIZATION + 100)
public class RevalidationFilter implements ContainerRequestFilter {

    @Inject
    UploadTargetDecision decision;

    @Inject
    UploadTargetHolder holder;

    @Override
    public void filter(ContainerRequestContext request) {
        holder.revalidated(decision.revalidated(request.getUriInfo().getPathParameters().getFirst("org")));
    }
}
