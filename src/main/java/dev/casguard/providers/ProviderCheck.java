package dev.casguard.providers;

import jakarta.json.JsonObject;

/** One storage kind's proof of write access, and the shapes of its location and credentials. */
public interface ProviderCheck {

    ProviderKind kind();

    /** The location as stored, or a VALIDATION_FAILED problem naming what is wrong with it. */
    String normalizeLocation(String location);

    /** Refuses credentials of the wrong shape (missing or unknown fields, wrong types). */
    void validateCredentials(JsonObject credentials);

    /**
     * The provider server a check of this backend talks to, as {@code host:port} (the registry,
     * the S3 endpoint or AWS regional endpoint, the Azure account; not token or login services):
     * the unit the checker paces its validations by.
     */
    String host(String location, JsonObject credentials);

    /**
     * Proves write access, speaking only through {@code outbound} (which bounds it by the check's
     * deadline); never throws for a provider-side failure, never puts a secret in the result.
     */
    CheckResult check(String location, JsonObject credentials, OutboundExchange outbound);
}
