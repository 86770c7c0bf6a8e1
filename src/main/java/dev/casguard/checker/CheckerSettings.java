package dev.casguard.checker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The checker's knobs, from MicroProfile Config (see the README for each). */
@ApplicationScoped
public class CheckerSettings {

    @Inject
    @ConfigProperty(name = "casguard.checker.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "casguard.checker.defaults.interval", defaultValue = "PT30M")
    Duration defaultsInterval;

    @Inject
    @ConfigProperty(name = "casguard.checker.all.interval", defaultValue = "PT24H")
    Duration allInterval;

    @Inject
    @ConfigProperty(name = "casguard.checker.initial-delay", defaultValue = "PT1M")
    Duration initialDelay;

    @Inject
    @ConfigProperty(name = "casguard.checker.max-tick-duration", defaultValue = "PT25M")
    Duration maxTickDuration;

    @Inject
    @ConfigProperty(name = "casguard.checker.unlock-timeout", defaultValue = "PT5S")
    Duration unlockTimeout;

    @Inject
    @ConfigProperty(name = "casguard.checker.parallelism", defaultValue = "16")
    int parallelism;

    @Inject
    @ConfigProperty(name = "casguard.checker.per-host-parallelism", defaultValue = "8")
    int perHostParallelism;

    public boolean enabled() {
        return enabled;
    }

    public Duration interval(CheckerScope scope) {
        return scope == CheckerScope.DEFAULTS ? defaultsInterval : allInterval;
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public Duration maxTickDuration() {
        return maxTickDuration;
    }

    public Duration unlockTimeout() {
        return unlockTimeout;
    }

    /** Both scopes' workers and loops must fit the checker's executor ({@link CheckerTick#THREADS}). */
    static final int MAX_PARALLELISM = 120;

    /** Validations in flight within one tick: {@code casguard.checker.parallelism}, 1 to {@link #MAX_PARALLELISM}. */
    public int parallelism() {
        return Math.min(MAX_PARALLELISM, Math.max(1, parallelism));
    }

    /** Validations in flight to one provider server within a tick, across organizations. */
    public int perHostParallelism() {
        return Math.max(1, perHostParallelism);
    }
}
