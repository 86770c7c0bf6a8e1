package dev.casguard.backends;

import dev.casguard.providers.CheckResult;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One change of a backend's validation status: who saw it, where, and whether it was a recovery. */
@Entity
@Table(name = "cas_backend_event")
public class BackendEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "backend_id", nullable = false)
    private UUID backendId;

    @Column(nullable = false)
    private OffsetDateTime at;

    @Enumerated(EnumType.STRING)
    @Column(name = "previous_status")
    private ValidationStatus previousStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "new_status", nullable = false)
    private ValidationStatus newStatus;

    private String error;

    @Column(name = "validation_failure")
    private String validationFailure;

    @Column(nullable = false)
    private boolean recovery;

    @Column(nullable = false)
    private String source;

    @Column(nullable = false)
    private String instance;

    protected BackendEvent() {
    }

    public BackendEvent(UUID backendId, OffsetDateTime at, ValidationStatus previousStatus,
            ValidationStatus newStatus, CheckResult result, ValidationSource source, String instance) {
        this.backendId = backendId;
        this.at = at;
        this.previousStatus = previousStatus;
        this.newStatus = newStatus;
        this.error = result.error();
        this.validationFailure = result.ok() ? null : result.failure().wireName();
        this.recovery = previousStatus == ValidationStatus.Invalid && newStatus == ValidationStatus.OK;
        this.source = source.label();
        this.instance = instance;
    }

    public OffsetDateTime at() {
        return at;
    }

    public ValidationStatus previousStatus() {
        return previousStatus;
    }

    public ValidationStatus newStatus() {
        return newStatus;
    }

    public String error() {
        return error;
    }

    /** The failure's kind (wire name); null for a pass and for events written before kinds existed. */
    public String validationFailure() {
        return validationFailure;
    }

    public boolean recovery() {
        return recovery;
    }

    public String source() {
        return source;
    }

    public String instance() {
        return instance;
    }
}
