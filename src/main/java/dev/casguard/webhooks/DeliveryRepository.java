package dev.casguard.webhooks;

import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Deliveries as the API creates and lists them; the worker's claims are {@link DeliveryClaims}'. */
@ApplicationScoped
public class DeliveryRepository {

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    void add(Delivery delivery) {
        em.persist(delivery);
        em.flush();
    }

    /** Newest first. */
    List<Delivery> list(UUID webhookId, int limit) {
        return em.createQuery("select d from Delivery d where d.webhookId = :webhook order by d.createdAt desc, d.id",
                Delivery.class).setParameter("webhook", webhookId).setMaxResults(limit).getResultList();
    }

    /** The subscription's delivery with that id, or 404. */
    Delivery require(UUID webhookId, String id) {
        Delivery delivery = em.find(Delivery.class, WebhookRepository.idOrNotFound(id, "delivery"));
        if (delivery == null || !delivery.webhookId().equals(webhookId)) {
            throw Refusal.notFound("no such delivery");
        }
        return delivery;
    }

    /** A ping of the subscription not yet delivered: a second test while one waits does not queue another. */
    Optional<Delivery> pendingPing(UUID webhookId) {
        return em.createQuery("select d from Delivery d where d.webhookId = :webhook and d.event = :ping"
                        + " and d.status = :pending", Delivery.class)
                .setParameter("webhook", webhookId).setParameter("ping", DeliveryPayload.PING)
                .setParameter("pending", Delivery.PENDING).setMaxResults(1).getResultStream().findFirst();
    }

    /**
     * Sends the delivery again, same id: pending and due now, with its retry schedule started over.
     * An attempt under way keeps its lease; its outcome still counts.
     */
    Delivery retry(Delivery delivery) {
        em.createNativeQuery("update webhook_delivery set status = 'pending', failures = 0,"
                        + " pending_since = clock_timestamp(), next_attempt_at = clock_timestamp(),"
                        + " delivered_at = null, delivered_by = null where id = ?1")
                .setParameter(1, delivery.id()).executeUpdate();
        em.refresh(delivery);
        return delivery;
    }
}
