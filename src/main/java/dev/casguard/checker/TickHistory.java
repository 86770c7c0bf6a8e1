package dev.casguard.checker;

import dev.casguard.platform.DatabaseClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * The tick history, written on ordinary pooled connections (not the lock's session) so that a
 * tick whose lock connection died can still record that it ended {@code lock-lost}.
 */
@ApplicationScoped
public class TickHistory {

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    @Inject
    DatabaseClock clock;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public CheckerTickRecord start(CheckerScope scope, String instance) {
        CheckerTickRecord tick = new CheckerTickRecord(scope, instance, clock.now());
        em.persist(tick);
        em.flush();
        return tick;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void finish(long tickId, TickOutcome outcome, int checked, int failed) {
        CheckerTickRecord tick = em.find(CheckerTickRecord.class, tickId);
        tick.finish(outcome, clock.now(), checked, failed);
    }

    /**
     * Closes ticks of the scope still marked running. Called by the lock's new holder: holding the
     * lock proves their instance is gone (killed, or cut off from the database).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int closeOrphans(CheckerScope scope) {
        return em.createNativeQuery("update checker_tick set outcome = 'lock-lost', finished_at = clock_timestamp()"
                        + " where scope = ?1 and outcome is null")
                .setParameter(1, scope.label()).executeUpdate();
    }

    public List<CheckerTickRecord> recent(Optional<CheckerScope> scope, int limit) {
        String filter = scope.isPresent() ? " where t.scope = :scope" : "";
        var query = em.createQuery("select t from CheckerTickRecord t" + filter
                + " order by t.startedAt desc, t.id desc", CheckerTickRecord.class).setMaxResults(limit);
        scope.ifPresent(s -> query.setParameter("scope", s.label()));
        return query.getResultList();
    }
}
