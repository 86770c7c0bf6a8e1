package dev.casguard.backends;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.UUID;

/**
 * The cluster-wide claim on a backend's request-path revalidation, one conditional UPDATE on the
 * backend's row (its columns {@code revalidation_claimed_at} and {@code revalidation_claim_until},
 * deliberately not mapped on {@link CasBackend}: only this class reads or writes them). Its WHERE clause re-reads staleness on the database clock, so a request that
 * arrives just after another instance stored a fresh result claims nothing and checks nothing.
 */
@ApplicationScoped
public class RevalidationClaim {

    /** What a claim attempt found. */
    public enum Attempt {
        /** This caller runs the check and must {@link #release} the claim. */
        CLAIMED,
        /** Another request, on this or another instance, is checking now: wait for its result. */
        BUSY,
        /** Fresh again, or an Invalid backend re-checked within the failed-retry interval: use the stored state. */
        NOT_NEEDED
    }

    private static final String CLAIM = """
            with attempt as (
                update cas_backend
                   set revalidation_claimed_at = clock_timestamp(),
                       revalidation_claim_until = clock_timestamp() + make_interval(secs => ?2)
                 where id = ?1 and deleted_at is null
                   and (revalidation_claim_until is null or revalidation_claim_until < clock_timestamp())
                   and ((validation_status = 'OK'
                         and (validated_at is null or validated_at < clock_timestamp() - make_interval(secs => ?3)))
                     or (validation_status = 'Invalid'
                         and (revalidation_claimed_at is null
                              or revalidation_claimed_at <= clock_timestamp() - make_interval(secs => ?4))))
                returning id)
            select (select count(*) from attempt) > 0,
                   coalesce((select revalidation_claim_until > clock_timestamp() from cas_backend where id = ?1), false)""";

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    /**
     * Claims the backend's revalidation for {@code hold}, if it is due: OK and validated longer ago
     * than {@code window}, or Invalid and last claimed longer ago than {@code failedRetry}.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Attempt claim(UUID backendId, Duration hold, Duration window, Duration failedRetry) {
        Object[] row = (Object[]) em.createNativeQuery(CLAIM)
                .setParameter(1, backendId)
                .setParameter(2, seconds(hold))
                .setParameter(3, seconds(window))
                .setParameter(4, seconds(failedRetry))
                .getSingleResult();
        if (Boolean.TRUE.equals(row[0])) {
            return Attempt.CLAIMED;
        }
        return Boolean.TRUE.equals(row[1]) ? Attempt.BUSY : Attempt.NOT_NEEDED;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(UUID backendId) {
        em.createNativeQuery("update cas_backend set revalidation_claim_until = null where id = ?1")
                .setParameter(1, backendId).executeUpdate();
    }

    /** Whether some request still holds a live claim on the backend. */
    public boolean busy(UUID backendId) {
        Object busy = em.createNativeQuery("select coalesce(revalidation_claim_until > clock_timestamp(), false)"
                        + " from cas_backend where id = ?1")
                .setParameter(1, backendId).getSingleResult();
        return Boolean.TRUE.equals(busy);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
