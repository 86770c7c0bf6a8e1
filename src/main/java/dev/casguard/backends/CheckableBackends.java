package dev.casguard.backends;

import dev.casguard.providers.ProviderKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The backends a scope covers, read a page at a time in id order (keyset paging), so a tick over
 * many thousands of backends never holds them all: non-INLINE backends of live organizations,
 * or only those that are default or fallback (the checker's {@code defaults} scope), leaving out
 * those the checker already started validating for that scope in the current slot.
 */
@ApplicationScoped
public class CheckableBackends {

    /** PostgreSQL orders uuids as unsigned bytes: the nil uuid sorts first. */
    public static final UUID BEFORE_FIRST = new UUID(0L, 0L);
    public static final int PAGE_SIZE = 250;

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    /**
     * Its own short transaction: outside one, Payara closes the container-managed EntityManager of
     * a managed-executor thread after its first use, and the next page would fail.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Checkable> page(CheckerCoverage coverage, OffsetDateTime slotStart, UUID after) {
        return em.createQuery("select b, o.name from CasBackend b, Organization o where o.id = b.organizationId"
                        + " and o.deletedAt is null and b.deletedAt is null and b.provider <> :inControlPlane"
                        + coverage.jpqlRoles
                        + " and (" + coverage.jpqlCheckedAt + " is null or " + coverage.jpqlCheckedAt + " < :slotStart)"
                        + " and b.id > :after order by b.id", Object[].class)
                .setParameter("after", after)
                .setParameter("slotStart", slotStart)
                .setParameter("inControlPlane", ProviderKind.INLINE.wireName())
                .setMaxResults(PAGE_SIZE)
                .getResultStream()
                .map(row -> new Checkable((CasBackend) row[0], (String) row[1]))
                .toList();
    }

    /** A backend to check and the name of its organization (the allow-list names organizations). */
    public record Checkable(CasBackend backend, String organization) {
    }
}
