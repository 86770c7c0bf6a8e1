package dev.casguard.platform;

import dev.casguard.payara.NonTxConnections;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Pooled connections that hold session state (advisory locks) and so must stay outside any JTA
 * transaction, and must never go back to the pool with that state on them; Payara offers both
 * operations ({@link NonTxConnections}).
 */
@ApplicationScoped
public class DedicatedConnections {

    private static final Logger LOG = Logger.getLogger(DedicatedConnections.class.getName());

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    DataSource dataSource;

    private Optional<NonTxConnections> payara;

    @PostConstruct
    void lookUp() {
        payara = NonTxConnections.of(dataSource);
        if (payara.isEmpty()) {
            LOG.warning("this runtime offers no non-transactional connections: advisory locks use plain pooled ones");
        }
    }

    /** A connection never enlisted in a JTA transaction, in autocommit mode. */
    public Connection open() throws SQLException {
        Connection connection = payara.isPresent() ? payara.get().open() : dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }

    private boolean markedBad(Connection connection) {
        if (payara.isEmpty()) {
            return false;
        }
        try {
            payara.get().markBad(connection);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot mark a connection as bad; aborting it instead: {0}", e.toString());
            return false;
        }
    }

    /**
     * Closes the physical connection instead of pooling it: PostgreSQL ends the session and with it
     * every session lock it held.
     */
    public void discard(Connection connection) {
        if (!markedBad(connection)) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException abortFailure) {
                LOG.log(Level.WARNING, "abort failed: {0}", abortFailure.toString());
            }
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "closing a discarded connection: {0}", e.toString());
        }
    }
}
