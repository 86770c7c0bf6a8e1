/**
 * The fault suite: each scenario breaks something real (kills an instance, restarts PostgreSQL,
 * silences a provider, exhausts the pool, sends garbage) and asserts the guarantees still hold,
 * reporting what it observed through {@link dev.casguard.testing.FaultReport}. Scenarios tagged
 * {@code fault} run with {@code bin/faults}; those also tagged {@code slow} run only there, the
 * others in every {@code bin/test} too.
 */
package dev.casguard.faults;
