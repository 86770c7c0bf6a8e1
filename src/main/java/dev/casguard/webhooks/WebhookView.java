package dev.casguard.webhooks;

import dev.casguard.platform.Timestamps;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A subscription as the API shows it after its creation: never its secret. */
@JsonbPropertyOrder({"id", "url", "events", "description", "createdAt"})
public record WebhookView(UUID id, String url, List<String> events, String description, Instant createdAt) {

    static WebhookView of(Webhook webhook) {
        return new WebhookView(webhook.id(), webhook.url().toString(), webhook.events(), webhook.description(),
                Timestamps.utc(webhook.createdAt()));
    }
}
