package dev.casguard.checker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One tick that ran: who ran it, when, how it ended and what it checked. */
@Entity
@Table(name = "checker_tick")
public class CheckerTickRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String scope;

    @Column(nullable = false)
    private String instance;

    @Column(name = "started_at", nullable = false)
    private OffsetDateTime startedAt;

    @Column(name = "finished_at")
    private OffsetDateTime finishedAt;

    private String outcome;

    @Column(name = "backends_checked", nullable = false)
    private int backendsChecked;

    @Column(name = "backends_failed", nullable = false)
    private int backendsFailed;

    protected CheckerTickRecord() {
    }

    CheckerTickRecord(CheckerScope scope, String instance, OffsetDateTime startedAt) {
        this.scope = scope.label();
        this.instance = instance;
        this.startedAt = startedAt;
    }

    void finish(TickOutcome outcome, OffsetDateTime at, int checked, int failed) {
        this.outcome = outcome.label();
        this.finishedAt = at;
        this.backendsChecked = checked;
        this.backendsFailed = failed;
    }

    public Long id() {
        return id;
    }

    public String scope() {
        return scope;
    }

    public String instance() {
        return instance;
    }

    public OffsetDateTime startedAt() {
        return startedAt;
    }

    public OffsetDateTime finishedAt() {
        return finishedAt;
    }

    public String outcome() {
        return outcome;
    }

    public int backendsChecked() {
        return backendsChecked;
    }

    public int backendsFailed() {
        return backendsFailed;
    }
}
