package dev.casguard.backends;

import dev.casguard.api.JsonFields;
import dev.casguard.domain.Refusal;
import dev.casguard.providers.ProviderKind;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/** A create or patch body, read strictly: every wrong field is a VALIDATION_FAILED that names it. */
record BackendRequest(
        String name,
        ProviderKind provider,
        String location,
        Optional<String> description,
        boolean descriptionGiven,
        Optional<Boolean> isDefault,
        Optional<Boolean> isFallback,
        Optional<Long> maxBytes,
        Optional<JsonObject> credentials) {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "provider", "location", "description",
            "default", "fallback", "maxBytes", "credentials");
    private static final Set<String> PATCH_FIELDS = Set.of("description", "default", "fallback", "maxBytes",
            "credentials");
    private static final Set<String> IMMUTABLE = Set.of("name", "provider", "location");

    static BackendRequest forCreate(JsonObject body) {
        JsonFields fields = JsonFields.of(body, CREATE_FIELDS);
        String name = fields.requiredName();
        String providerName = fields.requiredString("provider");
        ProviderKind provider = ProviderKind.fromWireName(providerName).orElseThrow(() -> Refusal.invalid(
                "unknown provider; expected one of OCI, AWS-S3, AzureBlob, INLINE"));
        String location = fields.optionalString("location").orElse("");
        return common(fields, name, provider, location);
    }

    static BackendRequest forPatch(JsonObject body) {
        if (body != null) {
            for (String field : IMMUTABLE) {
                if (body.containsKey(field)) {
                    throw Refusal.invalid("'" + field + "' cannot be changed; create a new backend instead");
                }
            }
        }
        return common(JsonFields.of(body, PATCH_FIELDS), null, null, null);
    }

    private static BackendRequest common(JsonFields fields, String name, ProviderKind provider, String location) {
        Optional<String> description = fields.optionalString("description");
        if (description.isPresent() && description.get().length() > 1024) {
            throw Refusal.invalid("'description' is longer than 1024 characters");
        }
        Optional<Boolean> isDefault = fields.optionalBoolean("default");
        Optional<Boolean> isFallback = fields.optionalBoolean("fallback");
        if (isDefault.orElse(false) && isFallback.orElse(false)) {
            throw Refusal.invalid("a backend cannot be both default and fallback");
        }
        return new BackendRequest(name, provider, location, description, fields.has("description"),
                isDefault, isFallback, fields.optionalWholeNumber("maxBytes"), fields.optionalObject("credentials"));
    }

    /** The byte limit to store: INLINE's is fixed, others default to 100 MiB and are at least 10 MiB. */
    static long maxBytesFor(ProviderKind provider, Optional<Long> requested) {
        if (provider.inControlPlane()) {
            if (requested.isPresent() && requested.get() != CasBackend.INLINE_MAX_BYTES) {
                throw Refusal.invalid("INLINE backends have a fixed maxBytes of " + CasBackend.INLINE_MAX_BYTES);
            }
            return CasBackend.INLINE_MAX_BYTES;
        }
        long value = requested.orElse(CasBackend.DEFAULT_MAX_BYTES);
        if (value < CasBackend.MIN_MAX_BYTES) {
            throw Refusal.invalid("'maxBytes' must be at least " + CasBackend.MIN_MAX_BYTES + " (10 MiB)");
        }
        return value;
    }
}
