package dev.casguard.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Pooled connections that hold session state (advisory locks) and so must stay outside any JTA
 * transaction, and must never go back to the pool with that state on them. Payara's
 * {@code com.sun.appserv.jdbc.DataSource} offers both operations; it is reached reflectively
 * because Payara does not publish that API to Maven Central.
 */
@ApplicationScoped
public class DedicatedConnections {

    private static final Logger LOG = Logger.getLogger(DedicatedConnections.class.getName());

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    DataSource dataSource;

    /** A connection never enlisted in a JTA transaction, in autocommit mode. */
    public Connection open() throws SQLException {
        Connection connection;
        try {
            Method nonTx = dataSource.getClass().getMethod("getNonTxConnection");
            connection = (Connection) nonTx.invoke(dataSource);
        } catch (ReflectiveOperationException e) {
            connection = dataSource.getConnection();
        }
        connection.setAutoCommit(true);
        return connection;
    }

    /**
     * Closes the physical connection instead of pooling it: PostgreSQL ends the session and with it
     * every session lock it held.
     */
    public void discard(Connection connection) {
        try {
            Method markBad = dataSource.getClass().getMethod("markConnectionAsBad", Connection.class);
            markBad.invoke(dataSource, connection);
        } catch (ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "cannot mark a connection as bad; aborting it instead: {0}", e.toString());
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
