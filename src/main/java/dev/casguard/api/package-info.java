/**
 * The HTTP boundary shared by every capability, in the order a request meets it:
 * {@link dev.casguard.api.RequestTargetGuard} has request lines the container would choke on
 * re-addressed to {@link dev.casguard.api.RefusedRequestFilter} (rules in
 * {@link dev.casguard.api.RequestTargetCheck}); {@link dev.casguard.api.ApiAdmissionFilter}, a
 * servlet filter, bounds how many API requests run at once; {@link dev.casguard.api.BodySizeLimit}
 * refuses bodies over 64 KiB. Then the JAX-RS application under {@code /api}, the contract's
 * problem+json errors and their codes (the mappers of refusals, JAX-RS errors and unexpected
 * failures, and the error page for what the servlet container raises itself), the capped JSON
 * body reader, and the typed reading of request fields and list limits.
 */
package dev.casguard.api;
