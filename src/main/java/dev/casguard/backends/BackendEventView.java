package dev.casguard.backends;

import dev.casguard.platform.Timestamps;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

@JsonbPropertyOrder({"at", "previousStatus", "newStatus", "validationFailure", "error", "recovery", "source", "instance"})
public record BackendEventView(Instant at, ValidationStatus previousStatus, ValidationStatus newStatus,
        String validationFailure, String error, boolean recovery, String source, String instance) {

    static BackendEventView of(BackendEvent event) {
        return new BackendEventView(Timestamps.utc(event.at()), event.previousStatus(), event.newStatus(),
                event.validationFailure(), event.error(), event.recovery(), event.source(), event.instance());
    }
}
