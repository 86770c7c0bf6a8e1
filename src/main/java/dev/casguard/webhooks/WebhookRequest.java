package dev.casguard.webhooks;

import dev.casguard.api.JsonFields;
import dev.casguard.domain.Refusal;
import jakarta.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A subscription's creation body, read strictly: every wrong field is a VALIDATION_FAILED that names it. */
record WebhookRequest(ReceiverUrl url, List<String> events, Optional<String> description) {

    private static final Set<String> FIELDS = Set.of("url", "events", "description");

    static WebhookRequest of(JsonObject body) {
        JsonFields fields = JsonFields.of(body, FIELDS);
        ReceiverUrl url = ReceiverUrl.parse(fields.requiredString("url"));
        List<String> events = fields.optionalStrings("events", DeliveryPayload.EVENT_KINDS.size() + 8)
                .orElse(DeliveryPayload.EVENT_KINDS);
        if (events.isEmpty()) {
            throw Refusal.invalid("'events' must name at least one event kind: " + String.join(", ", DeliveryPayload.EVENT_KINDS));
        }
        for (String event : events) {
            if (!DeliveryPayload.EVENT_KINDS.contains(event)) {
                throw Refusal.invalid("'events' may hold only " + String.join(", ", DeliveryPayload.EVENT_KINDS));
            }
        }
        Optional<String> description = fields.optionalString("description");
        if (description.isPresent() && description.get().length() > 1024) {
            throw Refusal.invalid("'description' is longer than 1024 characters");
        }
        return new WebhookRequest(url, List.copyOf(new LinkedHashSet<>(events)), description);
    }
}
