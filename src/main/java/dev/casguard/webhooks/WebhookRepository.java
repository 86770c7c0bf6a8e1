package dev.casguard.webhooks;

import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/** Organizations' subscriptions. */
@ApplicationScoped
public class WebhookRepository {

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    void add(Webhook webhook) {
        em.persist(webhook);
        em.flush();
    }

    /** The organization's subscription with that id, or 404 (also for an id that is not one). */
    Webhook require(UUID organizationId, String id) {
        Webhook webhook = em.find(Webhook.class, idOrNotFound(id, "webhook"));
        if (webhook == null || !webhook.organizationId().equals(organizationId)) {
            throw Refusal.notFound("no such webhook");
        }
        return webhook;
    }

    /** A path's id: a UUID, else nothing of that name exists (404, as for an unknown one). */
    static UUID idOrNotFound(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Refusal.notFound("no such " + what);
        }
    }

    List<Webhook> list(UUID organizationId) {
        return em.createQuery("select w from Webhook w where w.organizationId = :org order by w.createdAt, w.id",
                Webhook.class).setParameter("org", organizationId).getResultList();
    }

    long count(UUID organizationId) {
        return em.createQuery("select count(w) from Webhook w where w.organizationId = :org", Long.class)
                .setParameter("org", organizationId).getSingleResult();
    }

    List<Webhook> subscribedTo(UUID organizationId, String event) {
        return list(organizationId).stream().filter(webhook -> webhook.events().contains(event)).toList();
    }

    /** Deletes the subscription, its sealed secret and (by the foreign key) its deliveries. */
    void delete(Webhook webhook) {
        em.createNativeQuery("delete from webhook where id = ?1").setParameter(1, webhook.id()).executeUpdate();
    }

    void deleteAll(UUID organizationId) {
        em.createNativeQuery("delete from webhook where organization_id = ?1").setParameter(1, organizationId)
                .executeUpdate();
    }
}
