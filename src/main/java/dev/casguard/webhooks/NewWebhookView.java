package dev.casguard.webhooks;

import dev.casguard.platform.Timestamps;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The creation answer: the only time the signing secret is shown. */
@JsonbPropertyOrder({"id", "url", "events", "description", "secret", "createdAt"})
public record NewWebhookView(UUID id, String url, List<String> events, String description, String secret,
        Instant createdAt) {

    static NewWebhookView of(Webhook webhook, SigningSecret secret) {
        return new NewWebhookView(webhook.id(), webhook.url().toString(), webhook.events(), webhook.description(),
                secret.reveal(), Timestamps.utc(webhook.createdAt()));
    }

    @Override
    public String toString() {
        return "NewWebhookView[" + id + "]";
    }
}
