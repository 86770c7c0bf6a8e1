/**
 * The background checker: an {@code @Schedule} heartbeat on every instance, deduplicated in
 * PostgreSQL so that each scope runs once per interval across the cluster. A tick runs only when
 * its scope is due by the database clock and this instance holds the scope's advisory lock; it
 * re-checks due-ness under the lock, validates backends in parallel (shared fairly between
 * organizations), probes the lock while it works, and records its outcome in the tick history.
 *
 * <p>Its JSON views show absent values as {@code null} rather than dropping the field.
 */
@JsonbNillable
package dev.casguard.checker;

import jakarta.json.bind.annotation.JsonbNillable;
