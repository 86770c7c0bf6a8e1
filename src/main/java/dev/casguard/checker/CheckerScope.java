package dev.casguard.checker;

import dev.casguard.backends.CheckerCoverage;
import java.util.Arrays;
import java.util.Optional;

/** What a tick validates: the default and fallback backends, or every backend. */
public enum CheckerScope {
    DEFAULTS("defaults", AdvisoryLockKey.DEFAULTS_SCOPE, CheckerCoverage.ROLES),
    ALL("all", AdvisoryLockKey.ALL_SCOPE, CheckerCoverage.ALL);

    private final String label;
    private final AdvisoryLockKey lockKey;
    private final CheckerCoverage coverage;

    CheckerScope(String label, AdvisoryLockKey lockKey, CheckerCoverage coverage) {
        this.label = label;
        this.lockKey = lockKey;
        this.coverage = coverage;
    }

    CheckerCoverage coverage() {
        return coverage;
    }

    public String label() {
        return label;
    }

    AdvisoryLockKey lockKey() {
        return lockKey;
    }

    public static Optional<CheckerScope> fromLabel(String label) {
        return Arrays.stream(values()).filter(scope -> scope.label.equals(label)).findFirst();
    }
}
