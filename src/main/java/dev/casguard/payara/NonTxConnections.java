package dev.casguard.payara;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Payara's {@code com.sun.appserv.jdbc.DataSource} operations on the WAR's pool: a connection
 * never enlisted in a JTA transaction, and a connection marked bad so that the pool closes it
 * instead of lending it again. Reached reflectively (looked up once) because Payara does not
 * publish that API to Maven Central; it can go if it ever does. Where the methods are absent,
 * {@link #of} is empty and callers use the plain JDBC fallbacks.
 */
public final class NonTxConnections {

    private final DataSource dataSource;
    private final Method nonTx;
    private final Method markBad;

    private NonTxConnections(DataSource dataSource, Method nonTx, Method markBad) {
        this.dataSource = dataSource;
        this.nonTx = nonTx;
        this.markBad = markBad;
    }

    /** Payara's operations on {@code dataSource}, if this runtime offers them. */
    public static Optional<NonTxConnections> of(DataSource dataSource) {
        try {
            return Optional.of(new NonTxConnections(dataSource, dataSource.getClass().getMethod("getNonTxConnection"),
                    dataSource.getClass().getMethod("markConnectionAsBad", Connection.class)));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    public Connection open() throws SQLException {
        try {
            return (Connection) nonTx.invoke(dataSource);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException(e);
        }
    }

    /** Marks {@code connection} so that closing it closes the physical connection. */
    public void markBad(Connection connection) throws ReflectiveOperationException {
        markBad.invoke(dataSource, connection);
    }
}
