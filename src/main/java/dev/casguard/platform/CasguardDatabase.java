package dev.casguard.platform;

/**
 * The shared PostgreSQL database: the WAR defines it in {@code WEB-INF/glassfish-resources.xml}
 * (why there, and how its pool size follows {@code casguard.db.pool-size}: see that file).
 */
public final class CasguardDatabase {

    public static final String JNDI_NAME = "java:app/jdbc/casguard";

    private CasguardDatabase() {
    }
}
