/**
 * What every capability shares and nothing else: the reasons casguard refuses what it was asked
 * to do, in its own terms. The HTTP edge ({@code api}) maps each reason to the contract's
 * problem code; services, repositories and {@code providers} know nothing of HTTP.
 */
package dev.casguard.domain;
