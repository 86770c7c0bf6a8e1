package dev.casguard.backends;

import dev.casguard.platform.DatabaseClock;
import dev.casguard.platform.InstanceIdentity;
import dev.casguard.providers.CheckResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Stores validation results under the fence every source obeys: a result is written only if its
 * validation started after the stored one did. One conditional UPDATE decides it, so a slow or
 * orphaned validation can never overwrite a newer result, whichever instance ran it. A change of
 * status is announced ({@link BackendStatusChanged}) inside the same transaction.
 */
@ApplicationScoped
public class ValidationRecorder {

    private static final String FENCED_UPDATE = """
            with previous as (
                select id, validation_status from cas_backend
                 where id = ?1 and deleted_at is null and (validated_at is null or validated_at < ?2)
                   for update)
            update cas_backend b
               set validation_status = ?3, validation_error = ?4, validation_failure = ?5, validated_at = ?2
              from previous
             where b.id = previous.id
            returning previous.validation_status, b.organization_id, b.name, b.provider""";

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    @Inject
    DatabaseClock clock;

    @Inject
    InstanceIdentity instance;

    @Inject
    Event<BackendStatusChanged> changes;

    /** Returns whether the result was stored (false: a newer one is there, or the backend is gone). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean record(UUID backendId, OffsetDateTime startedAt, CheckResult result, ValidationSource source) {
        return store(backendId, startedAt, result, source);
    }

    /**
     * A checker's result, and, stored or not, that the checker validated the backend for
     * {@code coverage} from {@code startedAt}: in the same transaction.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean recordChecked(UUID backendId, OffsetDateTime startedAt, CheckResult result, CheckerCoverage coverage) {
        em.createNativeQuery("update cas_backend set " + coverage.column + " = ?2 where id = ?1")
                .setParameter(1, backendId)
                .setParameter(2, startedAt)
                .executeUpdate();
        return store(backendId, startedAt, result, ValidationSource.CHECKER);
    }

    private boolean store(UUID backendId, OffsetDateTime startedAt, CheckResult result, ValidationSource source) {
        ValidationStatus status = result.ok() ? ValidationStatus.OK : ValidationStatus.Invalid;
        List<?> stored = em.createNativeQuery(FENCED_UPDATE)
                .setParameter(1, backendId)
                .setParameter(2, startedAt)
                .setParameter(3, status.name())
                .setParameter(4, result.error())
                .setParameter(5, result.ok() ? null : result.failure().wireName())
                .getResultList();
        if (stored.isEmpty()) {
            return false;
        }
        Object[] row = (Object[]) stored.get(0);
        ValidationStatus before = ValidationStatus.valueOf(String.valueOf(row[0]));
        if (before != status) {
            BackendEvent event = new BackendEvent(backendId, clock.now(), before, status, result, source, instance.name());
            em.persist(event);
            changes.fire(BackendStatusChanged.of(UUID.fromString(String.valueOf(row[1])), backendId,
                    String.valueOf(row[2]), String.valueOf(row[3]), event));
        }
        return true;
    }

    /** The first event of a backend, written when its credentials first pass. */
    public void created(CasBackend backend, ValidationSource source) {
        em.persist(new BackendEvent(backend.id(), backend.createdAt(), null, ValidationStatus.OK, CheckResult.passed(),
                source, instance.name()));
    }
}
