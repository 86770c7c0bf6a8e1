package dev.casguard.checker;

import dev.casguard.platform.Timestamps;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

@JsonbPropertyOrder({"id", "scope", "instance", "startedAt", "finishedAt", "outcome", "backendsChecked",
    "backendsFailed"})
public record TickView(long id, String scope, String instance, Instant startedAt, Instant finishedAt,
        String outcome, int backendsChecked, int backendsFailed) {

    static TickView of(CheckerTickRecord tick) {
        return new TickView(tick.id(), tick.scope(), tick.instance(), Timestamps.utc(tick.startedAt()),
                Timestamps.utc(tick.finishedAt()), tick.outcome(), tick.backendsChecked(), tick.backendsFailed());
    }
}
