package dev.casguard.backends;

import dev.casguard.domain.Refusal;
import dev.casguard.organizations.OrganizationDeleted;
import dev.casguard.providers.ProviderKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CasBackendRepository {

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    /**
     * An organization's deletion takes its backends along, in the deleting transaction: they leave
     * every scope and role, and their credentials are erased.
     */
    void retireBackendsOf(@Observes OrganizationDeleted deleted) {
        em.createQuery("update CasBackend b set b.deletedAt = :at, b.updatedAt = :at, b.credentials = null,"
                        + " b.isDefault = false, b.isFallback = false"
                        + " where b.organizationId = :org and b.deletedAt is null")
                .setParameter("at", deleted.at()).setParameter("org", deleted.organizationId()).executeUpdate();
    }

    public Optional<CasBackend> findLive(UUID organizationId, String name) {
        return em.createQuery("select b from CasBackend b where b.organizationId = :org and b.name = :name"
                        + " and b.deletedAt is null", CasBackend.class)
                .setParameter("org", organizationId).setParameter("name", name)
                .getResultStream().findFirst();
    }

    public CasBackend require(UUID organizationId, String name) {
        return findLive(organizationId, name).orElseThrow(() -> Refusal.notFound("no such CAS backend"));
    }

    public List<CasBackend> listLive(UUID organizationId) {
        return em.createQuery("select b from CasBackend b where b.organizationId = :org and b.deletedAt is null"
                        + " order by b.createdAt, b.name", CasBackend.class)
                .setParameter("org", organizationId).getResultList();
    }

    public boolean hasDefault(UUID organizationId) {
        return !em.createQuery("select b.id from CasBackend b where b.organizationId = :org and b.isDefault = true"
                        + " and b.deletedAt is null", UUID.class)
                .setParameter("org", organizationId).getResultList().isEmpty();
    }

    /** Takes the default role from every backend of the organization but {@code keep}. */
    void clearDefault(UUID organizationId, UUID keep) {
        em.createQuery("update CasBackend b set b.isDefault = false where b.organizationId = :org"
                        + " and b.id <> :keep and b.isDefault = true and b.deletedAt is null")
                .setParameter("org", organizationId).setParameter("keep", keep).executeUpdate();
    }

    void clearFallback(UUID organizationId, UUID keep) {
        em.createQuery("update CasBackend b set b.isFallback = false where b.organizationId = :org"
                        + " and b.id <> :keep and b.isFallback = true and b.deletedAt is null")
                .setParameter("org", organizationId).setParameter("keep", keep).executeUpdate();
    }

    /**
     * Who takes over when a default stops being one: the fallback, else the oldest INLINE backend,
     * never {@code leaving} itself.
     */
    Optional<UUID> successorOf(UUID organizationId, UUID leaving) {
        return em.createQuery("select b.id from CasBackend b where b.organizationId = :org and b.id <> :leaving"
                        + " and b.deletedAt is null and (b.isFallback = true or b.provider = :inControlPlane)"
                        + " order by b.isFallback desc, b.createdAt", UUID.class)
                .setParameter("org", organizationId).setParameter("leaving", leaving)
                .setParameter("inControlPlane", ProviderKind.INLINE.wireName())
                .setMaxResults(1).getResultStream().findFirst();
    }

    void promoteToDefault(UUID backendId) {
        em.createQuery("update CasBackend b set b.isDefault = true, b.isFallback = false where b.id = :id")
                .setParameter("id", backendId).executeUpdate();
    }

    public List<BackendEvent> events(UUID backendId, int limit) {
        return em.createQuery("select e from BackendEvent e where e.backendId = :id order by e.at desc, e.id desc",
                        BackendEvent.class)
                .setParameter("id", backendId).setMaxResults(limit).getResultList();
    }

    void add(CasBackend backend) {
        em.persist(backend);
    }

    void flush() {
        em.flush();
    }
}
