package dev.casguard.checker;

import dev.casguard.platform.DedicatedConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A PostgreSQL session-level advisory lock held on one dedicated connection for as long as the
 * work it guards. The session is told to end itself if it sits idle longer than
 * {@link #IDLE_SESSION_LIMIT}, so a frozen holder (which stops probing) loses the lock in bounded
 * time instead of when TCP keepalive finally fires. Unlocking happens on the same connection,
 * bounded in time; a failed, refused or slow unlock discards the connection rather than pooling
 * it with the lock still on it.
 */
public final class AdvisoryLock {

    /** How often the holder probes; the idle limit below must stay well above it. */
    static final Duration PROBE_PERIOD = Duration.ofSeconds(2);
    static final Duration IDLE_SESSION_LIMIT = Duration.ofSeconds(15);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(AdvisoryLock.class.getName());

    private final AdvisoryLockKey key;
    private final Connection connection;
    private final DedicatedConnections connections;
    private final Executor timeoutExecutor;

    private AdvisoryLock(AdvisoryLockKey key, Connection connection, DedicatedConnections connections,
            Executor timeoutExecutor) {
        this.key = key;
        this.connection = connection;
        this.connections = connections;
        this.timeoutExecutor = timeoutExecutor;
    }

    /** Takes the lock if it is free; empty if another session holds it. */
    static Optional<AdvisoryLock> tryAcquire(AdvisoryLockKey key, DedicatedConnections connections,
            Executor timeoutExecutor) throws SQLException {
        Connection connection = connections.open();
        boolean acquired = false;
        try {
            connection.setNetworkTimeout(timeoutExecutor, (int) PROBE_TIMEOUT.toMillis());
            try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, key.namespace());
                lock.setInt(2, key.id());
                try (ResultSet rs = lock.executeQuery()) {
                    acquired = rs.next() && rs.getBoolean(1);
                }
            }
            if (!acquired) {
                return Optional.empty();
            }
            try (Statement settings = connection.createStatement()) {
                settings.execute("set idle_session_timeout = '" + IDLE_SESSION_LIMIT.toMillis() + "ms'");
            }
            return Optional.of(new AdvisoryLock(key, connection, connections, timeoutExecutor));
        } catch (SQLException | RuntimeException e) {
            connections.discard(connection);
            throw e;
        } finally {
            if (!acquired) {
                connection.close();
            }
        }
    }

    /** Whether this session still holds the lock, asked of PostgreSQL itself (bounded in time). */
    boolean stillHeld() {
        try (PreparedStatement probe = connection.prepareStatement(
                "select count(*) from pg_locks where locktype = 'advisory' and classid = ? and objid = ?"
                        + " and objsubid = 2 and granted and pid = pg_backend_pid()")) {
            probe.setInt(1, key.namespace());
            probe.setInt(2, key.id());
            try (ResultSet rs = probe.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "lock probe for {0} failed: {1}", new Object[] {key, e.getMessage()});
            return false;
        }
    }

    /** A statement on the lock's own session, e.g. re-reading due-ness under the lock. */
    Connection session() {
        return connection;
    }

    /**
     * Unlocks within {@code timeout} and returns the connection to the pool, or discards the
     * connection so that PostgreSQL ends the session and the lock with it.
     */
    void release(Duration timeout) {
        boolean clean = false;
        try {
            connection.setNetworkTimeout(timeoutExecutor, (int) Math.max(1, timeout.toMillis()));
            try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
                unlock.setInt(1, key.namespace());
                unlock.setInt(2, key.id());
                unlock.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                try (ResultSet rs = unlock.executeQuery()) {
                    clean = rs.next() && rs.getBoolean(1);
                }
            }
            if (clean) {
                try (Statement reset = connection.createStatement()) {
                    reset.execute("set idle_session_timeout = 0");
                }
                connection.setNetworkTimeout(timeoutExecutor, 0);
            } else {
                LOG.log(Level.WARNING, "lock {0} was not held at unlock; discarding its connection", key);
            }
        } catch (SQLException | RuntimeException e) {
            clean = false;
            LOG.log(Level.WARNING, "unlock of {0} failed or timed out ({1}); discarding its connection",
                    new Object[] {key, e.getMessage()});
        }
        if (clean) {
            try {
                connection.close();
            } catch (SQLException e) {
                connections.discard(connection);
            }
        } else {
            connections.discard(connection);
        }
    }
}
