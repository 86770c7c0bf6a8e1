package dev.casguard.organizations;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Fired, synchronously and inside the deleting transaction, when an organization is soft-deleted,
 * so that what other capabilities own of it goes in the same transaction (its backends:
 * {@code backends} observes this) without {@code organizations} depending on them.
 */
public record OrganizationDeleted(UUID organizationId, OffsetDateTime at) {
}
