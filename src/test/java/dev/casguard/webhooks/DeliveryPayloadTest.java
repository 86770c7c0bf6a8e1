package dev.casguard.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casguard.backends.BackendStatusChanged;
import dev.casguard.backends.ValidationStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bodies, field for field as contract v1.1 lists them. */
class DeliveryPayloadTest {

    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 12, 4, 10, 0, 0, 123_456_789, ZoneOffset.ofHours(1));
    private static final UUID BACKEND = UUID.fromString("0b7e6c1a-5d0f-4c7e-9a55-2f8f3e0c6d41");

    @Test
    void aStatusChangeCarriesTheBackendAndTheEvent() {
        BackendStatusChanged change = new BackendStatusChanged(UUID.randomUUID(), BACKEND, "main", "OCI",
                ValidationStatus.OK, ValidationStatus.Invalid, "denied", "the registry refused the credentials", false,
                "checker", "casguard-1", AT);
        assertEquals("{\"type\":\"backend.status-changed\",\"timestamp\":\"2026-12-04T09:00:00.123Z\",\"data\":{"
                + "\"organization\":\"acme\",\"backend\":{\"id\":\"" + BACKEND + "\",\"name\":\"main\",\"provider\":\"OCI\"},"
                + "\"previousStatus\":\"OK\",\"newStatus\":\"Invalid\",\"validationFailure\":\"denied\","
                + "\"error\":\"the registry refused the credentials\",\"recovery\":false,\"source\":\"checker\","
                + "\"instance\":\"casguard-1\"}}", DeliveryPayload.statusChanged("acme", change));
    }

    @Test
    void aRecoveryHasNullFailureAndError() {
        BackendStatusChanged change = new BackendStatusChanged(UUID.randomUUID(), BACKEND, "main", "AWS-S3",
                ValidationStatus.Invalid, ValidationStatus.OK, null, null, true, "request-path", "casguard-2", AT);
        String body = DeliveryPayload.statusChanged("acme", change);
        assertEquals(true, body.contains("\"validationFailure\":null,\"error\":null,\"recovery\":true"), body);
    }

    @Test
    void aPingNamesTheOrganizationAndTheWebhook() {
        UUID webhook = UUID.fromString("9d5b3f2e-1a4c-4e8b-b7d6-0c2e4f6a8b10");
        assertEquals("{\"type\":\"ping\",\"timestamp\":\"2026-12-04T09:00:00.123Z\",\"data\":{\"organization\":\"acme\","
                + "\"webhook\":\"" + webhook + "\"}}", DeliveryPayload.ping("acme", webhook, AT));
    }
}
