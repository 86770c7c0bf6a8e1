package dev.casguard.platform;

import jakarta.annotation.sql.DataSourceDefinition;

/**
 * The shared PostgreSQL database, defined by the WAR itself so that a stock Payara Micro serves it
 * with nothing but {@code CASGUARD_*} environment variables.
 *
 * <p>Defaults live in the placeholders because the WAR's own microprofile-config.properties is not
 * yet visible when Payara creates the pool. Connection-leak reclaim stays off (Payara's default):
 * it would destroy a connection that holds a checker lock for longer than the leak timeout.
 */
@DataSourceDefinition(
        name = CasguardDatabase.JNDI_NAME,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=casguard.db.url:jdbc:postgresql://localhost:5432/casguard}",
        user = "${MPCONFIG=casguard.db.user:casguard}",
        password = "${MPCONFIG=casguard.db.password:casguard}",
        minPoolSize = 2,
        maxPoolSize = ConnectionBudget.DEFAULT_POOL_SIZE,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
            "fish.payara.fail-all-connections=true",
            "fish.payara.max-wait-time-in-millis=${MPCONFIG=casguard.db.pool-max-wait-millis:5000}",
            "fish.payara.connection-leak-reclaim=false",
            "tcpKeepAlive=true",
            // A database host that stops answering fails a statement after a minute instead of never.
            "socketTimeout=60",
            "connectTimeout=5",
            "ApplicationName=casguard/${MPCONFIG=casguard.instance-name:instance}",
            "stringtype=unspecified"
        })
public final class CasguardDatabase {

    public static final String JNDI_NAME = "java:app/jdbc/casguard";

    private CasguardDatabase() {
    }
}
