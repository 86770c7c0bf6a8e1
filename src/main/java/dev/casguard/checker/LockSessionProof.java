package dev.casguard.checker;

import dev.casguard.platform.DedicatedConnections;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Proof, before this instance takes any advisory lock, that its lock connections keep session
 * state: behind a pooler in transaction mode (PgBouncer's {@code pool_mode = transaction}) a
 * session lock lands on whichever server connection the pooler picked, the unlock on another, and
 * every instance could run a scope at once. The probe is read-only and leaves nothing behind
 * (settings and locks leak or strand on a busy pooler): two connections read their backend pid in
 * the order A, A, B, A, B, B; a pooler in transaction mode shows as a pid that changes or that the
 * other connection shares. On failure the checker refuses to run here; the API is unaffected.
 */
@ApplicationScoped
public class LockSessionProof {

    private static final Logger LOG = Logger.getLogger(LockSessionProof.class.getName());

    @Inject
    DedicatedConnections connections;

    @Inject
    MetricRegistry metrics;

    /** Null until the probe has run to its end once. */
    private volatile Boolean sessionsKept;

    @PostConstruct
    void registerGauge() {
        metrics.gauge(Metadata.builder().withName("casguard.checker.transaction.pooler")
                        .withDescription("1 when this instance's database connections go through a pooler in "
                                + "transaction mode, so its checker refuses to run; 0 when they keep session "
                                + "state; NaN before the first probe").build(),
                this, proof -> proof.sessionsKept == null ? Double.NaN : (proof.sessionsKept ? 0 : 1));
    }

    /** Whether lock sessions keep their state; probes once (again only if the database was unreachable). */
    boolean sessionsKept() throws SQLException {
        Boolean known = sessionsKept;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (sessionsKept == null) {
                boolean kept = probe();
                if (!kept) {
                    LOG.severe("the checker will not run on this instance: casguard.db.url leads to a connection "
                            + "pooler in transaction mode (e.g. PgBouncer pool_mode=transaction), where session "
                            + "advisory locks do not hold. Point casguard.db.url at PostgreSQL itself or at a "
                            + "session-mode pool; the API keeps working through this one.");
                }
                sessionsKept = kept;
            }
            return sessionsKept;
        }
    }

    private boolean probe() throws SQLException {
        try (Connection a = connections.open(); Connection b = connections.open()) {
            Set<Integer> pidsOfA = new HashSet<>();
            Set<Integer> pidsOfB = new HashSet<>();
            for (char which : "AABABB".toCharArray()) {
                (which == 'A' ? pidsOfA : pidsOfB).add(backendPid(which == 'A' ? a : b));
            }
            return pidsOfA.size() == 1 && pidsOfB.size() == 1 && Collections.disjoint(pidsOfA, pidsOfB);
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement query = connection.createStatement(); ResultSet rs = query.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
