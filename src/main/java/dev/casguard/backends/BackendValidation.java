package dev.casguard.backends;

import dev.casguard.platform.DatabaseClock;
import dev.casguard.providers.CheckResult;
import dev.casguard.providers.FailureKind;
import dev.casguard.providers.ProviderChecks;
import dev.casguard.providers.ProviderKind;
import dev.casguard.security.CredentialCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Validates a stored backend: decrypts its credentials only for the check, runs the provider's
 * check, and records the result under the fence. Callers hold no transaction while the provider
 * is being called.
 */
@ApplicationScoped
public class BackendValidation {

    /** Json.createReader looks the JSON provider up (a scan of the class path) on every call; a factory looks once. */
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    @Inject
    ProviderChecks checks;

    @Inject
    CredentialCipher cipher;

    @Inject
    DatabaseClock clock;

    @Inject
    ValidationRecorder recorder;

    @Inject
    MetricRegistry metrics;

    /** What one validation found and whether it was stored. */
    public record Outcome(OffsetDateTime startedAt, CheckResult result, boolean stored) {
    }

    /** Validates a backend of {@code organization} (by name: the allow-list names organizations). */
    public Outcome validate(CasBackend backend, String organization, ValidationSource source) {
        OffsetDateTime startedAt = clock.now();
        return record(backend, startedAt, check(backend, organization), source);
    }

    /**
     * The provider check alone, holding no database connection: callers that ration connections
     * (the checker) read the clock before it and {@link #record} after it themselves.
     */
    public CheckResult check(CasBackend backend, String organization) {
        return check(backend.id(), organization, backend.provider(), backend.location(), backend.credentials());
    }

    /** Stores the result of a check that started at {@code startedAt}, under the fence. */
    public Outcome record(CasBackend backend, OffsetDateTime startedAt, CheckResult result, ValidationSource source) {
        boolean stored = recorder.record(backend.id(), startedAt, result, source);
        count(backend.provider(), result, source);
        return new Outcome(startedAt, result, stored);
    }

    /** Stores a checker's result for {@code coverage} under the fence, remembering it was checked in this slot. */
    public Outcome recordChecked(CasBackend backend, OffsetDateTime startedAt, CheckResult result,
            CheckerCoverage coverage) {
        boolean stored = recorder.recordChecked(backend.id(), startedAt, result, coverage);
        count(backend.provider(), result, ValidationSource.CHECKER);
        return new Outcome(startedAt, result, stored);
    }

    /**
     * The provider server a check of {@code backend} talks to ({@code host:port}), the unit the
     * checker paces by; credentials are decrypted for it (an S3 endpoint or region lives there).
     * Unreadable credentials get a key of their own: their check fails without a connection.
     */
    public String providerHost(CasBackend backend) {
        if (backend.provider().inControlPlane()) {
            return "inline";
        }
        try {
            return checks.host(backend.provider(), backend.location(), credentials(backend.id(), backend.credentials()));
        } catch (RuntimeException e) {
            return "unreadable:" + backend.id();
        }
    }

    /** Runs the provider check alone: for credentials that are not stored yet (plain text). */
    public CheckResult checkNew(ProviderKind provider, String organization, String location, JsonObject credentials) {
        CheckResult result = checks.run(provider, organization, location, credentials);
        count(provider, result, ValidationSource.API);
        return result;
    }

    private CheckResult check(UUID id, String organization, ProviderKind provider, String location,
            byte[] credentials) {
        if (provider.inControlPlane()) {
            return CheckResult.passed();
        }
        JsonObject plain;
        try {
            plain = credentials(id, credentials);
        } catch (IllegalStateException e) {
            return CheckResult.failed(FailureKind.INVALID_CONFIGURATION, e.getMessage());
        }
        return checks.run(provider, organization, location, plain);
    }

    private JsonObject credentials(UUID id, byte[] stored) {
        try (JsonReader reader = JSON.createReader(new StringReader(cipher.decrypt(id, stored)))) {
            return reader.readObject();
        }
    }

    private void count(ProviderKind provider, CheckResult result, ValidationSource source) {
        metrics.counter(Metadata.builder().withName("casguard.validations")
                        .withDescription("Provider checks run on this instance, by provider, result (ok, invalid) "
                                + "and source (checker, request-path, api)").build(),
                new Tag("provider", provider.wireName()),
                new Tag("result", result.ok() ? "ok" : "invalid"),
                new Tag("source", source.label())).inc();
    }

    /** The longest a check and the recording of its result take (validation timeout and grace). */
    public Duration longestWait() {
        return checks.longestWait();
    }
}
