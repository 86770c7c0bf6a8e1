/**
 * Organizations' CAS backends: the entity with its default/fallback roles and validation state,
 * the API that manages them, and the recording of validation results under one rule shared by
 * every source (API, checker, request path): a result is stored only if its validation started
 * after the stored one, and each status change leaves an event.
 *
 * <p>Its JSON views show absent values as {@code null} rather than dropping the field.
 */
@JsonbNillable
package dev.casguard.backends;

import jakarta.json.bind.annotation.JsonbNillable;
