/**
 * The HTTP boundary shared by every capability: the JAX-RS application under {@code /api}, the
 * contract's problem+json errors and their codes, the 64 KiB JSON body reader, and the typed
 * reading of request fields.
 */
package dev.casguard.api;
