package dev.casguard.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import javax.sql.DataSource;

/**
 * PostgreSQL's wall clock, the one clock every instance shares. Due-times and validation fences
 * are compared on it, never on an instance's own clock, so skew between hosts cannot reorder them.
 * {@code clock_timestamp()} rather than {@code now()}: the latter is frozen at transaction start.
 * Plain JDBC, so that it works on any thread, also managed-executor threads outside a transaction,
 * where Payara closes a container-managed EntityManager after its first use.
 */
@ApplicationScoped
public class DatabaseClock {

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    DataSource dataSource;

    public OffsetDateTime now() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select clock_timestamp()")) {
            rs.next();
            return Timestamps.of(rs.getObject(1, OffsetDateTime.class));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database clock", e);
        }
    }
}
