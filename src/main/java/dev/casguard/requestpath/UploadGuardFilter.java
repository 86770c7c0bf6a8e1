package dev.casguard.requestpath;

import dev.casguard.backends.BackendView;
import dev.casguard.backends.CasBackend;
import dev.casguard.backends.ValidationStatus;
import dev.casguard.domain.Refusal;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Second request-path filter: the default backend if it is OK, else the fallback if it is OK,
 * else 403 {@code CAS_BACKEND_INVALID}. Reuses what the revalidation filter read, if it ran.
 */
@Provider
@GuardUploads
@Priority(Priorities.AUTHORIZATION + 200)
public class UploadGuardFilter implements ContainerRequestFilter {

    static final String TARGET = "casguard.upload-target";

    @Inject
    UploadCandidates candidates;


    @Override
    public void filter(ContainerRequestContext request) {
        String org = request.getUriInfo().getPathParameters().getFirst("org");
        UploadCandidates.Candidates found = Optional.ofNullable(
                        (UploadCandidates.Candidates) request.getProperty(RevalidationFilter.CANDIDATES))
                .orElseGet(() -> candidates.withDefault(org));
        CasBackend chosen;
        boolean usingFallback;
        if (isOk(found.defaultBackend())) {
            chosen = found.defaultBackend().get();
            usingFallback = false;
        } else if (isOk(found.fallback())) {
            chosen = found.fallback().get();
            usingFallback = true;
        } else {
            throw new Refusal(Refusal.Reason.NO_VALID_BACKEND,
                    "neither the default nor the fallback CAS backend is valid");
        }
        request.setProperty(TARGET, new UploadTarget(BackendView.of(chosen), usingFallback));
    }

    private static boolean isOk(Optional<CasBackend> backend) {
        return backend.map(b -> b.validationStatus() == ValidationStatus.OK).orElse(false);
    }
}
