package dev.casguard.checker;

import java.util.Arrays;
import java.util.Optional;

/** What a tick validates: the default and fallback backends, or every backend. */
public enum CheckerScope {
    DEFAULTS("defaults", AdvisoryLockKey.DEFAULTS_SCOPE),
    ALL("all", AdvisoryLockKey.ALL_SCOPE);

    private final String label;
    private final AdvisoryLockKey lockKey;

    CheckerScope(String label, AdvisoryLockKey lockKey) {
        this.label = label;
        this.lockKey = lockKey;
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
