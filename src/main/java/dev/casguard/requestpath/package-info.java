/**
 * The request path: the guarded {@code upload-target} endpoint and its two name-bound filters,
 * revalidation (a stale or Invalid default backend is re-checked first, once across the cluster)
 * and blocking (default if OK, else fallback if OK, else 403). A fresh default costs one indexed
 * read and no lock.
 */
package dev.casguard.requestpath;
