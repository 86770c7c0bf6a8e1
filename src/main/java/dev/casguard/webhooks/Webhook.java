package dev.casguard.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** An organization's subscription: where its events are posted, and the sealed secret that signs them. */
@Entity
@Table(name = "webhook")
public class Webhook {

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String url;

    @Column(nullable = false)
    private String events;

    private String description;

    @Column(nullable = false)
    private byte[] secret;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected Webhook() {
    }

    Webhook(UUID id, UUID organizationId, ReceiverUrl url, List<String> events, String description, byte[] sealedSecret,
            OffsetDateTime createdAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.url = url.toString();
        this.events = String.join(",", events);
        this.description = description;
        this.secret = sealedSecret;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    UUID organizationId() {
        return organizationId;
    }

    ReceiverUrl url() {
        return ReceiverUrl.parse(url);
    }

    List<String> events() {
        return Arrays.asList(events.split(","));
    }

    String description() {
        return description;
    }

    byte[] sealedSecret() {
        return secret;
    }

    OffsetDateTime createdAt() {
        return createdAt;
    }
}
