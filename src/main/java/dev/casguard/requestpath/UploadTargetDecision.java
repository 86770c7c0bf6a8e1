package dev.casguard.requestpath;

import dev.casguard.backends.BackendView;
import dev.casguard.backends.CasBackend;
import dev.casguard.backends.UploadCandidates;
import dev.casguard.backends.ValidationStatus;
import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Which backend an organization's client should upload to now: the default if it is OK, else the
 * fallback if it is OK, else a refusal. A default that is Invalid or older than the revalidation
 * window is revalidated first, through the single flight; a failed check does not refuse by
 * itself, the choice does. The request path's two filters are its two steps.
 */
@ApplicationScoped
public class UploadTargetDecision {

    /** Which of an organization's two roles serves an upload. */
    enum Role { DEFAULT, FALLBACK }

    @Inject
    UploadCandidates candidates;

    @Inject
    SingleFlightRevalidation revalidation;

    @Inject
    RequestPathSettings settings;

    /**
     * The organization's candidates, its default revalidated first when it needs it. Refuses
     * {@code NO_DEFAULT_BACKEND} when the organization has no default.
     */
    public UploadCandidates.Candidates revalidated(String organization) {
        UploadCandidates.Candidates found = candidates.withDefault(organization, settings.revalidationWindow());
        if (needsRevalidation(found.defaultBackend().map(CasBackend::validationStatus), found.defaultStale())) {
            revalidation.revalidate(found.defaultBackend().get(), organization);
            found = candidates.withDefault(organization, settings.revalidationWindow());
        }
        return found;
    }

    /** The target among {@code found}; refuses {@code NO_VALID_BACKEND} when neither role is OK. */
    public UploadTarget choose(UploadCandidates.Candidates found) {
        Role role = pick(found.defaultBackend().map(CasBackend::validationStatus),
                found.fallback().map(CasBackend::validationStatus))
                .orElseThrow(() -> new Refusal(Refusal.Reason.NO_VALID_BACKEND,
                        "neither the default nor the fallback CAS backend is valid"));
        CasBackend chosen = role == Role.DEFAULT ? found.defaultBackend().get() : found.fallback().get();
        return new UploadTarget(BackendView.of(chosen), role == Role.FALLBACK);
    }

    /** Invalid, or validated longer ago than the revalidation window. */
    static boolean needsRevalidation(Optional<ValidationStatus> defaultStatus, boolean stale) {
        return defaultStatus.isPresent() && (stale || defaultStatus.get() == ValidationStatus.Invalid);
    }

    /** The default if OK, else the fallback if OK, else none. */
    static Optional<Role> pick(Optional<ValidationStatus> defaultStatus, Optional<ValidationStatus> fallbackStatus) {
        if (defaultStatus.equals(Optional.of(ValidationStatus.OK))) {
            return Optional.of(Role.DEFAULT);
        }
        if (fallbackStatus.equals(Optional.of(ValidationStatus.OK))) {
            return Optional.of(Role.FALLBACK);
        }
        return Optional.empty();
    }
}
