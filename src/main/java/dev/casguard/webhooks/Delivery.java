package dev.casguard.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One event for one subscription, from the outbox row written with the event until a 2xx or the
 * last attempt. Its id is the {@code webhook-id} every attempt carries. Claims and outcomes are
 * written by {@link DeliveryClaims} under a lease; the entity is for creating and listing.
 */
@Entity
@Table(name = "webhook_delivery")
public class Delivery {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    @Id
    private UUID id;

    @Column(name = "webhook_id", nullable = false)
    private UUID webhookId;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String organization;

    @Column(nullable = false)
    private String event;

    @Column(nullable = false)
    private String payload;

    @Column(nullable = false)
    private String status;

    @Column(nullable = false)
    private int attempts;

    @Column(nullable = false)
    private int failures;

    @Column(name = "pending_since", nullable = false)
    private OffsetDateTime pendingSince;

    @Column(name = "next_attempt_at")
    private OffsetDateTime nextAttemptAt;

    @Column(name = "last_status_code")
    private Integer lastStatusCode;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "delivered_at")
    private OffsetDateTime deliveredAt;

    protected Delivery() {
    }

    /** A new pending delivery of {@code payload}, due at once. */
    Delivery(UUID webhookId, UUID organizationId, String organization, String event, String payload,
            OffsetDateTime at) {
        this.id = UUID.randomUUID();
        this.webhookId = webhookId;
        this.organizationId = organizationId;
        this.organization = organization;
        this.event = event;
        this.payload = payload;
        this.status = PENDING;
        this.pendingSince = at;
        this.nextAttemptAt = at;
        this.createdAt = at;
    }

    UUID id() {
        return id;
    }

    UUID webhookId() {
        return webhookId;
    }

    String event() {
        return event;
    }

    String status() {
        return status;
    }

    int attempts() {
        return attempts;
    }

    Integer lastStatusCode() {
        return lastStatusCode;
    }

    String lastError() {
        return lastError;
    }

    OffsetDateTime nextAttemptAt() {
        return PENDING.equals(status) ? nextAttemptAt : null;
    }

    OffsetDateTime createdAt() {
        return createdAt;
    }

    OffsetDateTime deliveredAt() {
        return deliveredAt;
    }
}
