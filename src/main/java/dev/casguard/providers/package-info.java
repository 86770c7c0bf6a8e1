/**
 * Provider checks: proving, against the real storage service, that a backend's credentials can
 * write to its location. Each provider validates its own location and credential shapes and
 * speaks to the outside only through one {@link dev.casguard.providers.OutboundExchange} per
 * check, opened by {@link dev.casguard.providers.Outbound}: every hop vetted by the
 * {@link dev.casguard.providers.OutboundPolicy} for the backend's organization, host names pinned
 * to the addresses vetted, answers capped, the whole exchange cut at the validation deadline.
 * Every failure becomes a short, secret-free reason.
 */
package dev.casguard.providers;
