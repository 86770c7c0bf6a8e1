package dev.casguard.webhooks;

import dev.casguard.platform.Timestamps;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A delivery as the deliveries list shows it; {@code nextAttemptAt} only while pending. */
@JsonbPropertyOrder({"id", "event", "status", "attempts", "lastStatusCode", "lastError", "nextAttemptAt", "createdAt",
    "deliveredAt"})
public record DeliveryView(UUID id, String event, String status, int attempts, Integer lastStatusCode,
        String lastError, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt) {

    static DeliveryView of(Delivery delivery) {
        return new DeliveryView(delivery.id(), delivery.event(), delivery.status(), delivery.attempts(),
                delivery.lastStatusCode(), delivery.lastError(), Timestamps.utc(delivery.nextAttemptAt()),
                Timestamps.utc(delivery.createdAt()), Timestamps.utc(delivery.deliveredAt()));
    }
}
