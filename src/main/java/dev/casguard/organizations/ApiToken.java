package dev.casguard.organizations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An organization's API token, kept only as the digest of its secret. */
@Entity
@Table(name = "api_token")
public class ApiToken {

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String digest;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected ApiToken() {
    }

    public ApiToken(UUID organizationId, String name, String digest, OffsetDateTime createdAt) {
        this.id = UUID.randomUUID();
        this.organizationId = organizationId;
        this.name = name;
        this.digest = digest;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public void revoke(OffsetDateTime at) {
        revokedAt = at;
    }
}
