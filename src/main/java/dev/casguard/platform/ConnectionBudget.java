package dev.casguard.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How one instance's PostgreSQL sessions (its pool of {@link #poolSize()}) are shared out, so that
 * its users together can never ask the pool for more than it has: the checker's fixed share
 * ({@link #RESERVED}: per scope one lock session and one connection for the tick's own
 * statements, {@link #CHECKER_WRITES} for validations' short reads and writes, two for readiness,
 * metrics and probes), and the rest for API requests working at once. A validation holds no
 * connection while it waits for its provider, and a waiting request holds none either.
 */
@ApplicationScoped
public class ConnectionBudget {

    /** Short statements of validations in flight in the checker, shared by both scopes. */
    public static final int CHECKER_WRITES = 4;
    /** Two lock sessions, two ticks' own statements, the checker's writes, two for operations. */
    public static final int RESERVED = 2 + 2 + CHECKER_WRITES + 2;
    public static final int DEFAULT_POOL_SIZE = 20;

    /**
     * Not applied yet: Payara Micro 6 takes the pool's size only as the literal in
     * {@link CasguardDatabase}; the route through a post-deploy file works for the pool but breaks
     * Payara's {@code /metrics} (README, Known limits). A value other than the WAR's is reported.
     */
    @Inject
    @ConfigProperty(name = "casguard.db.pool-size")
    Optional<Integer> configuredPoolSize;

    @Inject
    @ConfigProperty(name = "casguard.api.max-concurrent-requests")
    Optional<Integer> maxConcurrentRequests;

    /** The sessions this instance's pool really opens at most. */
    public int poolSize() {
        return DEFAULT_POOL_SIZE;
    }

    /** Why the configured pool size is not the one in force, if it is not. */
    public Optional<String> notApplied() {
        return configuredPoolSize.filter(size -> size != DEFAULT_POOL_SIZE).map(size -> "casguard.db.pool-size is "
                + size + " but this casguard on Payara Micro 6 keeps its pool at " + DEFAULT_POOL_SIZE
                + " sessions; the budget, the request bound and the cluster gauge use " + DEFAULT_POOL_SIZE);
    }

    /**
     * How many API requests may work at once: {@code casguard.api.max-concurrent-requests}, by
     * default what the pool leaves after the checker. Settings that cannot fit the pool throw, so
     * that the deployment fails (and the instance never counts in the cluster's budget).
     */
    public int requestBound() {
        int bound = maxConcurrentRequests.orElse(poolSize() - RESERVED);
        misfit(poolSize(), bound).ifPresent(reason -> {
            throw new IllegalStateException("refusing to start: " + reason);
        });
        return bound;
    }

    private static Optional<String> misfit(int poolSize, int maxConcurrentRequests) {
        if (maxConcurrentRequests < 1 || maxConcurrentRequests + RESERVED > poolSize) {
            return Optional.of("casguard.api.max-concurrent-requests is " + maxConcurrentRequests + ", but the pool of "
                    + poolSize + " connections leaves " + (poolSize - RESERVED) + " to requests after the checker's "
                    + RESERVED + ": set it between 1 and " + (poolSize - RESERVED));
        }
        return Optional.empty();
    }
}
