package dev.casguard.requestpath;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * First request-path filter: an organization without a default backend is refused; a default
 * that is Invalid or older than the revalidation window is revalidated before the request goes
 * on. A failed check does not refuse the request by itself: the blocking filter decides.
 */
@Provider
@RevalidateStaleDefault
@Priority(Priorities.AUTHORIZATION + 100)
public class RevalidationFilter implements ContainerRequestFilter {

    static final String CANDIDATES = "casguard.upload-candidates";

    @Inject
    UploadCandidates candidates;

    @Inject
    SingleFlightRevalidation revalidation;


    @Override
    public void filter(ContainerRequestContext request) {
        String org = request.getUriInfo().getPathParameters().getFirst("org");
        UploadCandidates.Candidates found = candidates.withDefault(org);
        if (found.defaultNeedsRevalidation()) {
            revalidation.revalidate(found.defaultBackend().get(), org);
            found = candidates.withDefault(org);
        }
        request.setProperty(CANDIDATES, found);
    }
}
