package dev.casguard.organizations;

import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class OrganizationRepository {

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    @Inject
    Event<OrganizationDeleted> deleted;

    public Optional<Organization> findLive(String name) {
        return em.createQuery("select o from Organization o where o.name = :name and o.deletedAt is null",
                        Organization.class)
                .setParameter("name", name)
                .getResultStream().findFirst();
    }

    public Optional<Organization> findLive(UUID id) {
        return em.createQuery("select o from Organization o where o.id = :id and o.deletedAt is null", Organization.class)
                .setParameter("id", id)
                .getResultStream().findFirst();
    }

    /** The live organization of that name, or 404. */
    public Organization require(String name) {
        return findLive(name).orElseThrow(() -> Refusal.notFound("no such organization"));
    }

    public List<Organization> listLive() {
        return em.createQuery("select o from Organization o where o.deletedAt is null order by o.name",
                Organization.class).getResultList();
    }

    public void add(Organization organization) {
        em.persist(organization);
        em.flush();
    }

    /** Soft-deletes the organization: its tokens stop working, its backends leave every scope. */
    public void delete(Organization organization, OffsetDateTime at) {
        organization.delete(at);
        em.createQuery("update ApiToken t set t.revokedAt = :at where t.organizationId = :org and t.revokedAt is null")
                .setParameter("at", at).setParameter("org", organization.id()).executeUpdate();
        deleted.fire(new OrganizationDeleted(organization.id(), at));
    }
}
