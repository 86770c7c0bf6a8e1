package dev.casguard.webhooks;

import dev.casguard.platform.InstanceIdentity;
import dev.casguard.providers.PostOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cluster-wide claim on due deliveries and the recording of each attempt's outcome, in short
 * transactions on the database's clock. A claim is a lease: the claiming instance attempts the
 * delivery once before the lease ends; an instance that dies leaves it to whoever claims it after.
 * Outcomes are fenced by the claim (instance and attempt number), so a late outcome of an attempt
 * whose lease was taken over is dropped.
 *
 * <p>Fairness: a claim takes the oldest due delivery of each subscription that has no attempt under
 * way, at most one per organization per claim, and none of an organization that already has
 * {@code perOrganization} attempts under way anywhere: a receiver that hangs holds at most that many
 * attempts, and every other organization's deliveries go past it.
 */
@ApplicationScoped
public class DeliveryClaims {

    private static final String CLAIM = """
            with in_flight as (
                select webhook_id, organization_id from webhook_delivery
                 where status = 'pending' and lease_until > clock_timestamp()),
            earliest as (
                select distinct on (d.webhook_id) d.id, d.webhook_id, d.organization_id, d.next_attempt_at
                  from webhook_delivery d
                 where d.status = 'pending' and d.next_attempt_at <= clock_timestamp()
                   and (d.lease_until is null or d.lease_until <= clock_timestamp())
                 order by d.webhook_id, d.next_attempt_at, d.created_at),
            fair as (
                select e.id, e.next_attempt_at,
                       row_number() over (partition by e.organization_id order by e.next_attempt_at) as place
                  from earliest e
                 where not exists (select 1 from in_flight f where f.webhook_id = e.webhook_id)
                   and (select count(*) from in_flight f where f.organization_id = e.organization_id) < ?2),
            picked as (
                select d.id from webhook_delivery d join fair on fair.id = d.id
                 where fair.place = 1 and d.status = 'pending'
                   and (d.lease_until is null or d.lease_until <= clock_timestamp())
                 order by fair.next_attempt_at
                 limit ?1
                   for update of d skip locked)
            update webhook_delivery d
               set attempts = d.attempts + 1, leased_by = ?3,
                   lease_until = clock_timestamp() + cast(?4 as bigint) * interval '1 millisecond'
              from picked, webhook w
             where d.id = picked.id and w.id = d.webhook_id and d.status = 'pending'
               and (d.lease_until is null or d.lease_until <= clock_timestamp())
            returning d.id, d.organization, d.payload, d.attempts, w.id, w.url, w.secret""";

    private static final String HELD = """
            select failures, extract(epoch from clock_timestamp() - pending_since) * 1000 from webhook_delivery
             where id = ?1 and leased_by = ?2 and attempts = ?3 and status = 'pending'
               for update""";

    private static final String DELIVERED = """
            update webhook_delivery
               set status = 'delivered', delivered_at = clock_timestamp(), delivered_by = ?2, last_status_code = cast(?3 as integer),
                   last_error = null, next_attempt_at = null, lease_until = null, leased_by = null
             where id = ?1""";

    private static final String FAILED_ATTEMPT = """
            update webhook_delivery
               set failures = failures + 1, last_status_code = cast(?2 as integer), last_error = cast(?3 as varchar),
                   lease_until = null, leased_by = null,
                   status = case when cast(?4 as bigint) < 0 then 'failed' else 'pending' end,
                   next_attempt_at = case when cast(?4 as bigint) < 0 then null
                                          else clock_timestamp() + cast(?4 as bigint) * interval '1 millisecond' end
             where id = ?1""";

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    @Inject
    InstanceIdentity instance;

    /** Claims up to {@code slots} due deliveries for this instance. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<ClaimedDelivery> claim(int slots, int perOrganization, Duration lease) {
        List<?> rows = em.createNativeQuery(CLAIM)
                .setParameter(1, slots)
                .setParameter(2, perOrganization)
                .setParameter(3, instance.name())
                .setParameter(4, lease.toMillis())
                .getResultList();
        return rows.stream().map(row -> (Object[]) row).map(row -> new ClaimedDelivery(
                UUID.fromString(String.valueOf(row[0])), String.valueOf(row[1]), String.valueOf(row[2]),
                ((Number) row[3]).intValue(), UUID.fromString(String.valueOf(row[4])), String.valueOf(row[5]),
                (byte[]) row[6])).toList();
    }

    /**
     * Records what the attempt of {@code claimed} came to: delivered on a 2xx, else pending again
     * after the schedule's pause, or failed once the schedule gives up. Returns what it recorded;
     * empty when the claim no longer holds (the delivery was deleted or taken over).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> settle(ClaimedDelivery claimed, PostOutcome outcome, RetrySchedule schedule) {
        List<?> held = em.createNativeQuery(HELD)
                .setParameter(1, claimed.id())
                .setParameter(2, instance.name())
                .setParameter(3, claimed.attempt())
                .getResultList();
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Integer status = outcome.status() == 0 ? null : outcome.status();
        if (outcome.accepted()) {
            em.createNativeQuery(DELIVERED).setParameter(1, claimed.id()).setParameter(2, instance.name())
                    .setParameter(3, status).executeUpdate();
            return Optional.of(Delivery.DELIVERED);
        }
        Object[] row = (Object[]) held.get(0);
        int failures = ((Number) row[0]).intValue() + 1;
        Duration pendingFor = Duration.ofMillis(((Number) row[1]).longValue());
        Optional<Duration> pause = schedule.delayAfter(failures, pendingFor, ThreadLocalRandom.current().nextDouble());
        em.createNativeQuery(FAILED_ATTEMPT)
                .setParameter(1, claimed.id())
                .setParameter(2, status)
                .setParameter(3, shortened(outcome.error() != null ? outcome.error()
                        : "the receiver answered " + outcome.status()))
                .setParameter(4, pause.map(Duration::toMillis).orElse(-1L))
                .executeUpdate();
        return Optional.of(pause.isPresent() ? "retrying" : Delivery.FAILED);
    }

    /** Forgets delivered and failed deliveries older than {@code retention}; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int prune(Duration retention) {
        return em.createNativeQuery("delete from webhook_delivery where id in (select id from webhook_delivery"
                        + " where status <> 'pending' and created_at < clock_timestamp() - cast(?1 as bigint) * interval '1 millisecond'"
                        + " limit 10000)")
                .setParameter(1, retention.toMillis()).executeUpdate();
    }

    private static String shortened(String error) {
        return error.length() > 1024 ? error.substring(0, 1021) + "..." : error;
    }
}
