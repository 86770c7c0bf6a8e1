package dev.casguard.backends;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A backend's validation status changed (a creation is not a change). Fired synchronously inside
 * the transaction that stores the result and its {@link BackendEvent}, so what observers write
 * commits or rolls back with it.
 */
public record BackendStatusChanged(
        UUID organizationId,
        UUID backendId,
        String backendName,
        String provider,
        ValidationStatus previousStatus,
        ValidationStatus newStatus,
        String validationFailure,
        String error,
        boolean recovery,
        String source,
        String instance,
        OffsetDateTime at) {

    static BackendStatusChanged of(UUID organizationId, UUID backendId, String backendName, String provider,
            BackendEvent event) {
        return new BackendStatusChanged(organizationId, backendId, backendName, provider, event.previousStatus(),
                event.newStatus(), event.validationFailure(), event.error(), event.recovery(), event.source(),
                event.instance(), event.at());
    }
}
