package dev.casguard.requestpath;

import dev.casguard.backends.BackendView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Where a client should upload now. */
@JsonbPropertyOrder({"backend", "usingFallback"})
public record UploadTarget(BackendView backend, boolean usingFallback) {
}
