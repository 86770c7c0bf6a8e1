/**
 * Who is calling and what they may touch: bearer tokens (the operator's from configuration,
 * organizations' minted, shown once and stored as a SHA-256 digest), the request filter that
 * authenticates and scopes every API call, and the AES-256-GCM cipher for stored credentials.
 */
package dev.casguard.security;
