package dev.casguard.organizations;

import dev.casguard.platform.Timestamps;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

@JsonbPropertyOrder({"id", "name", "createdAt"})
public record OrganizationView(UUID id, String name, Instant createdAt) {

    static OrganizationView of(Organization organization) {
        return new OrganizationView(organization.id(), organization.name(),
                Timestamps.utc(organization.createdAt()));
    }
}
