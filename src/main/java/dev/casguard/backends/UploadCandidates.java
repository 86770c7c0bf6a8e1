package dev.casguard.backends;

import dev.casguard.domain.Refusal;
import dev.casguard.organizations.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An organization's default and fallback backends with the default's staleness (validated longer
 * ago than the request path's revalidation window), in one indexed read. Staleness is judged on the database clock.
 */
@ApplicationScoped
public class UploadCandidates {

    private static final String ROLES = """
            select b.*, (b.validated_at is null
                         or b.validated_at < clock_timestamp() - make_interval(secs => ?2)) as stale
              from cas_backend b join organization o on o.id = b.organization_id
             where o.name = ?1 and o.deleted_at is null
               and b.deleted_at is null and (b.is_default or b.is_fallback)""";

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    @Inject
    OrganizationRepository organizations;

    /** What the request path's upload decision decides on. */
    public record Candidates(Optional<CasBackend> defaultBackend, boolean defaultStale, Optional<CasBackend> fallback) {
    }

    /**
     * The organization's candidates; 403 {@code CAS_BACKEND_REQUIRED} when it has no default
     * (404 when the organization itself is gone, which only then costs a second read).
     */
    public Candidates withDefault(String organization, Duration revalidationWindow) {
        Candidates found = of(organization, revalidationWindow);
        if (found.defaultBackend().isEmpty()) {
            organizations.require(organization);
            throw new Refusal(Refusal.Reason.NO_DEFAULT_BACKEND, "the organization has no default CAS backend");
        }
        return found;
    }

    private Candidates of(String organization, Duration revalidationWindow) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(ROLES, CasBackend.WITH_STALENESS)
                .setParameter(1, organization)
                .setParameter(2, revalidationWindow.toMillis() / 1000.0)
                .getResultList();
        Optional<CasBackend> defaultBackend = Optional.empty();
        Optional<CasBackend> fallback = Optional.empty();
        boolean stale = false;
        for (Object[] row : rows) {
            CasBackend backend = (CasBackend) row[0];
            if (backend.isDefault()) {
                defaultBackend = Optional.of(backend);
                stale = Boolean.TRUE.equals(row[1]);
            } else {
                fallback = Optional.of(backend);
            }
        }
        return new Candidates(defaultBackend, stale, fallback);
    }
}
