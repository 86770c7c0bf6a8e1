package dev.casguard.requestpath;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Second request-path filter, the {@link UploadTargetDecision}'s second step: the default backend
 * if it is OK, else the fallback if it is OK, else 403 {@code CAS_BACKEND_INVALID}.
 */
@Provider
@GuardUploads
@Priority(Priorities.AUTHORIZATION + 200)
public class UploadGuardFilter implements ContainerRequestFilter {

    @Inject
    UploadTargetDecision decision;

    @Inject
    UploadTargetHolder holder;

    @Override
    public void filter(ContainerRequestContext request) {
        holder.chosen(decision.choose(holder.candidates()));
    }
}
