/**
 * The request path: the guarded {@code upload-target} endpoint and its two name-bound filters,
 * revalidation (a stale or Invalid default backend is re-checked first, once across the cluster)
 * and blocking (default if OK, else fallback if OK, else 403). A fresh default costs one indexed
 * read and no lock.
 *
 * <p>Its JSON views show absent values as {@code null} rather than dropping the field.
 */
@JsonbNillable
package dev.casguard.requestpath;

import jakarta.json.bind.annotation.JsonbNillable;
