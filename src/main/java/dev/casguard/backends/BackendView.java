package dev.casguard.backends;

import dev.casguard.platform.Timestamps;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A backend as the API shows it: never its credentials. */
@JsonbPropertyOrder({"id", "name", "provider", "location", "description", "isDefault", "isFallback", "maxBytes",
    "validationStatus", "validationFailure", "validationError", "validatedAt", "createdAt", "updatedAt"})
public record BackendView(
        UUID id,
        String name,
        String provider,
        String location,
        String description,
        @JsonbProperty("default") boolean isDefault,
        @JsonbProperty("fallback") boolean isFallback,
        long maxBytes,
        ValidationStatus validationStatus,
        String validationFailure,
        String validationError,
        Instant validatedAt,
        Instant createdAt,
        Instant updatedAt) {

    public static BackendView of(CasBackend backend) {
        return new BackendView(backend.id(), backend.name(), backend.provider().wireName(), backend.location(),
                backend.description(), backend.isDefault(), backend.isFallback(), backend.maxBytes(),
                backend.validationStatus(), backend.validationFailure(), backend.validationError(), Timestamps.utc(backend.validatedAt()),
                Timestamps.utc(backend.createdAt()), Timestamps.utc(backend.updatedAt()));
    }
}
