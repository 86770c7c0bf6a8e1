/**
 * Telling organizations when a backend breaks or recovers: signed webhooks. An organization's
 * subscriptions, the outbox of deliveries written in the transaction of each status change, and
 * the worker on every instance that claims due deliveries cluster-wide under a lease, posts them
 * through the same outbound rules as provider checks, and retries with backoff until a 2xx or a day.
 *
 * <p>Its JSON views show absent values as {@code null} rather than dropping the field.
 */
@JsonbNillable
package dev.casguard.webhooks;

import jakarta.json.bind.annotation.JsonbNillable;
