package dev.casguard.webhooks;

import dev.casguard.backends.BackendStatusChanged;
import dev.casguard.platform.Timestamps;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The bodies casguard posts (contract v1.1), built once per delivery so that every attempt sends the same bytes. */
final class DeliveryPayload {

    static final String STATUS_CHANGED = "backend.status-changed";
    static final String PING = "ping";
    /** The only event kind a subscription can ask for today. */
    static final List<String> EVENT_KINDS = List.of(STATUS_CHANGED);

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private DeliveryPayload() {
    }

    static String statusChanged(String organization, BackendStatusChanged change) {
        JsonObjectBuilder data = JSON.createObjectBuilder()
                .add("organization", organization)
                .add("backend", JSON.createObjectBuilder()
                        .add("id", change.backendId().toString())
                        .add("name", change.backendName())
                        .add("provider", change.provider()));
        text(data, "previousStatus", change.previousStatus() == null ? null : change.previousStatus().name());
        text(data, "newStatus", change.newStatus().name());
        text(data, "validationFailure", change.validationFailure());
        text(data, "error", change.error());
        data.add("recovery", change.recovery());
        text(data, "source", change.source());
        text(data, "instance", change.instance());
        return envelope(STATUS_CHANGED, change.at(), data);
    }

    static String ping(String organization, UUID webhook, OffsetDateTime at) {
        return envelope(PING, at, JSON.createObjectBuilder().add("organization", organization)
                .add("webhook", webhook.toString()));
    }

    private static String envelope(String type, OffsetDateTime at, JsonObjectBuilder data) {
        JsonObject body = JSON.createObjectBuilder()
                .add("type", type)
                .add("timestamp", Timestamps.utc(at).toString())
                .add("data", data)
                .build();
        return body.toString();
    }

    private static void text(JsonObjectBuilder builder, String name, String value) {
        if (value == null) {
            builder.addNull(name);
        } else {
            builder.add(name, value);
        }
    }
}
