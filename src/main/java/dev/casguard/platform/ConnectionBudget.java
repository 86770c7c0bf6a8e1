package dev.casguard.platform;

import dev.casguard.payara.PoolMaximum;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How one instance's PostgreSQL sessions (its pool of {@link #poolSize()}) are shared out, so that
 * its users together can never ask the pool for more than it has: the checker's fixed share
 * ({@link #RESERVED}: per scope one lock session and one connection for the tick's own
 * statements, {@link #CHECKER_WRITES} for validations' short reads and writes), the webhook
 * worker's one ({@link #WEBHOOK_WORKER}), two for readiness, metrics and probes, and the rest for
 * API requests working at once. A validation holds no
 * connection while it waits for its provider, and a waiting request holds none either.
 */
@ApplicationScoped
public class ConnectionBudget {

    private static final Logger LOG = Logger.getLogger(ConnectionBudget.class.getName());

    /** Short statements of validations in flight in the checker, shared by both scopes. */
    public static final int CHECKER_WRITES = 4;
    /** The webhook worker's claims and outcomes, one short transaction at a time on one thread. */
    public static final int WEBHOOK_WORKER = 1;
    /** Two lock sessions, two ticks' own statements, the checker's writes, the webhook worker, two for operations. */
    public static final int RESERVED = 2 + 2 + CHECKER_WRITES + WEBHOOK_WORKER + 2;
    public static final int DEFAULT_POOL_SIZE = 20;

    @Inject
    @ConfigProperty(name = "casguard.db.pool-size", defaultValue = "20")
    int configuredPoolSize;

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "casguard.api.max-concurrent-requests")
    Optional<Integer> maxConcurrentRequests;

    private Integer inForce;
    private String notApplied;

    /**
     * The sessions this instance's pool opens at most: {@code casguard.db.pool-size}, set on the
     * WAR's pool at the first call (start-up), or the WAR's {@link #DEFAULT_POOL_SIZE} where
     * Payara would not take it ({@link #notApplied()} says why).
     */
    public synchronized int poolSize() {
        if (inForce == null) {
            inForce = DEFAULT_POOL_SIZE;
            // a size the checker alone cannot fit in is refused by requestBound(): the pool stays as it is
            if (configuredPoolSize != DEFAULT_POOL_SIZE && configuredPoolSize > RESERVED) {
                try {
                    PoolMaximum.set(dataSource, configuredPoolSize);
                    inForce = configuredPoolSize;
                    LOG.info("the connection pool opens at most " + inForce + " sessions (casguard.db.pool-size)");
                } catch (ReflectiveOperationException | RuntimeException e) {
                    notApplied = "casguard.db.pool-size is " + configuredPoolSize + " but this Payara did not take it ("
                            + e.getClass().getSimpleName() + "); the pool, the budget and the cluster gauge use "
                            + DEFAULT_POOL_SIZE;
                }
            }
        }
        return inForce;
    }

    /** Why the configured pool size is not the one in force, if it is not. */
    public synchronized Optional<String> notApplied() {
        poolSize();
        return Optional.ofNullable(notApplied);
    }

    /**
     * How many API requests may work at once: {@code casguard.api.max-concurrent-requests}, by
     * default what the pool leaves after the checker. Settings that cannot fit the pool throw, so
     * that the deployment fails (and the instance never counts in the cluster's budget).
     */
    public int requestBound() {
        if (configuredPoolSize <= RESERVED) {
            throw new IllegalStateException("refusing to start: casguard.db.pool-size is " + configuredPoolSize
                    + ", but the checker and the webhook worker alone need " + RESERVED
                    + " connections: set it to at least " + (RESERVED + 1));
        }
        int bound = maxConcurrentRequests.orElse(poolSize() - RESERVED);
        misfit(poolSize(), bound).ifPresent(reason -> {
            throw new IllegalStateException("refusing to start: " + reason);
        });
        return bound;
    }

    private static Optional<String> misfit(int poolSize, int maxConcurrentRequests) {
        if (maxConcurrentRequests < 1 || maxConcurrentRequests + RESERVED > poolSize) {
            return Optional.of("casguard.api.max-concurrent-requests is " + maxConcurrentRequests + ", but the pool of "
                    + poolSize + " connections leaves " + (poolSize - RESERVED) + " to requests after the "
                    + RESERVED + " of the checker, the webhook worker and operations: set it between 1 and "
                    + (poolSize - RESERVED));
        }
        return Optional.empty();
    }
}
