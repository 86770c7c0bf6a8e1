package dev.casguard.organizations;

import dev.casguard.security.Caller;
import dev.casguard.security.TokenDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApiTokenRepository implements TokenDirectory {

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    /** One indexed read. */
    @Override
    public Optional<Caller> findCaller(String digest) {
        List<Object[]> rows = em.createQuery("select o.id, o.name from ApiToken t, Organization o"
                        + " where t.digest = :digest and t.revokedAt is null"
                        + " and o.id = t.organizationId and o.deletedAt is null", Object[].class)
                .setParameter("digest", digest)
                .getResultList();
        return rows.stream().findFirst().map(row -> Caller.organization((UUID) row[0], (String) row[1]));
    }

    public List<ApiToken> listLive(UUID organizationId) {
        return em.createQuery("select t from ApiToken t where t.organizationId = :org and t.revokedAt is null"
                        + " order by t.createdAt, t.name", ApiToken.class)
                .setParameter("org", organizationId).getResultList();
    }

    public Optional<ApiToken> findLive(UUID organizationId, UUID id) {
        return em.createQuery("select t from ApiToken t where t.id = :id and t.organizationId = :org"
                        + " and t.revokedAt is null", ApiToken.class)
                .setParameter("id", id).setParameter("org", organizationId)
                .getResultStream().findFirst();
    }

    public boolean nameTaken(UUID organizationId, String name) {
        return !em.createQuery("select t.id from ApiToken t where t.organizationId = :org and t.name = :name"
                        + " and t.revokedAt is null", UUID.class)
                .setParameter("org", organizationId).setParameter("name", name)
                .getResultList().isEmpty();
    }

    public void add(ApiToken token) {
        em.persist(token);
        em.flush();
    }
}
