package dev.casguard.organizations;

import dev.casguard.platform.Timestamps;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A token as listed: never its secret. */
@JsonbPropertyOrder({"id", "name", "createdAt"})
public record TokenView(UUID id, String name, Instant createdAt) {

    static TokenView of(ApiToken token) {
        return new TokenView(token.id(), token.name(), Timestamps.utc(token.createdAt()));
    }
}
