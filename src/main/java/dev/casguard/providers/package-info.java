/**
 * Provider checks: proving, against the real storage service, that a backend's credentials can
 * write to its location. Each provider validates its own location and credential shapes, every
 * outbound connection passes the {@link dev.casguard.providers.OutboundPolicy}, and every failure
 * becomes a short, secret-free reason.
 */
package dev.casguard.providers;
