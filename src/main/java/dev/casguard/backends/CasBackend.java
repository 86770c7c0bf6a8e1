package dev.casguard.backends;

import dev.casguard.providers.ProviderKind;
import jakarta.persistence.Column;
import jakarta.persistence.ColumnResult;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityResult;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.SqlResultSetMapping;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A storage location an organization uploads attestation material to. At most one live backend of
 * an organization is its default and at most one its fallback (enforced by partial unique indexes).
 */
@Entity
@Table(name = "cas_backend")
@SqlResultSetMapping(name = CasBackend.WITH_STALENESS,
        entities = @EntityResult(entityClass = CasBackend.class),
        columns = @ColumnResult(name = "stale", type = Boolean.class))
public class CasBackend {

    /** A backend row plus a {@code stale} column computed on the database clock (request path). */
    public static final String WITH_STALENESS = "CasBackendWithStaleness";

    public static final long INLINE_MAX_BYTES = 500L * 1024;
    public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
    public static final long MIN_MAX_BYTES = 10L * 1024 * 1024;

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String provider;

    @Column(nullable = false)
    private String location;

    private String description;

    @Column(name = "is_default", nullable = false)
    private boolean isDefault;

    @Column(name = "is_fallback", nullable = false)
    private boolean isFallback;

    @Column(name = "max_bytes", nullable = false)
    private long maxBytes;

    private byte[] credentials;

    @Enumerated(EnumType.STRING)
    @Column(name = "validation_status", nullable = false)
    private ValidationStatus validationStatus;

    @Column(name = "validation_error")
    private String validationError;

    /** When the checker last started validating it for its defaults and its all scope (read in queries only). */
    @Column(name = "defaults_checked_at")
    private OffsetDateTime defaultsCheckedAt;

    @Column(name = "all_checked_at")
    private OffsetDateTime allCheckedAt;

    /** The kind of the last failure (FailureKind's wire name); null while OK. */
    @Column(name = "validation_failure")
    private String validationFailure;

    @Column(name = "validated_at")
    private OffsetDateTime validatedAt;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "deleted_at")
    private OffsetDateTime deletedAt;

    protected CasBackend() {
    }

    /** A new backend whose credentials just passed their check, started at {@code validatedAt}. */
    public CasBackend(UUID id, UUID organizationId, String name, ProviderKind provider, String location,
            String description, long maxBytes, OffsetDateTime validatedAt, OffsetDateTime now) {
        this.id = id;
        this.organizationId = organizationId;
        this.name = name;
        this.provider = provider.wireName();
        this.location = location;
        this.description = description;
        this.maxBytes = maxBytes;
        this.validationStatus = ValidationStatus.OK;
        this.validatedAt = validatedAt;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID organizationId() {
        return organizationId;
    }

    public String name() {
        return name;
    }

    public ProviderKind provider() {
        return ProviderKind.fromWireName(provider)
                .orElseThrow(() -> new IllegalStateException("unknown provider in the database"));
    }

    public String location() {
        return location;
    }

    public String description() {
        return description;
    }

    public boolean isDefault() {
        return isDefault;
    }

    public boolean isFallback() {
        return isFallback;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public byte[] credentials() {
        return credentials;
    }

    public ValidationStatus validationStatus() {
        return validationStatus;
    }

    public String validationError() {
        return validationError;
    }

    public String validationFailure() {
        return validationFailure;
    }

    public OffsetDateTime validatedAt() {
        return validatedAt;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }

    void describe(String description) {
        this.description = description;
    }

    void limit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void assignRoles(boolean isDefault, boolean isFallback) {
        this.isDefault = isDefault;
        this.isFallback = isFallback;
    }

    void storeCredentials(byte[] ciphertext) {
        this.credentials = ciphertext;
    }

    void touch(OffsetDateTime now) {
        this.updatedAt = now;
    }

    /** Soft delete: the row stays for history, its credentials are destroyed. */
    void delete(OffsetDateTime now) {
        this.deletedAt = now;
        this.updatedAt = now;
        this.credentials = null;
        this.isDefault = false;
        this.isFallback = false;
    }
}
