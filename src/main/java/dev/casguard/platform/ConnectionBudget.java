package dev.casguard.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How one instance's PostgreSQL sessions ({@code casguard.db.pool-size}) are shared out, so that
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

    @Inject
    @ConfigProperty(name = "casguard.db.pool-size", defaultValue = "" + DEFAULT_POOL_SIZE)
    int poolSize;

    public int poolSize() {
        return poolSize;
    }

    /** What the pool leaves to API requests: the default of {@code casguard.api.max-concurrent-requests}. */
    public int requestShare() {
        return poolSize - RESERVED;
    }

    /** Why {@code maxConcurrentRequests} cannot fit a pool of {@code poolSize}, if it cannot. */
    public static Optional<String> misfit(int poolSize, int maxConcurrentRequests) {
        if (poolSize < RESERVED + 1) {
            return Optional.of("casguard.db.pool-size is " + poolSize + ", but the checker alone needs " + RESERVED
                    + " connections and requests at least one more: set it to " + (RESERVED + 1) + " or more");
        }
        if (maxConcurrentRequests < 1 || maxConcurrentRequests + RESERVED > poolSize) {
            return Optional.of("casguard.api.max-concurrent-requests is " + maxConcurrentRequests + ", but "
                    + "casguard.db.pool-size " + poolSize + " leaves " + (poolSize - RESERVED) + " connections to "
                    + "requests after the checker's " + RESERVED + ": lower it to at most " + (poolSize - RESERVED)
                    + " or raise casguard.db.pool-size to at least " + (maxConcurrentRequests + RESERVED));
        }
        return Optional.empty();
    }
}
