package dev.casguard.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date before anything else touches the database. Flyway serializes
 * concurrent migrations with a PostgreSQL advisory lock, so instances may start at once.
 * Bean-managed transactions keep Flyway's own commits outside any container transaction.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
    private static final Duration WAIT_FOR_DATABASE = Duration.ofSeconds(60);

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        Instant giveUp = Instant.now().plus(WAIT_FOR_DATABASE);
        while (true) {
            try {
                MigrateResult result = flyway.migrate();
                LOG.info(() -> "schema at version " + (result.targetSchemaVersion != null
                        ? result.targetSchemaVersion : result.initialSchemaVersion)
                        + " (" + result.migrationsExecuted + " migrations applied now)");
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("casguard cannot migrate its schema: the database "
                            + "did not answer within " + WAIT_FOR_DATABASE + " (check casguard.db.url): "
                            + e.getMessage(), e);
                }
                LOG.log(Level.WARNING, "database not ready for migration, retrying: {0}", e.getMessage());
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
