package dev.casguard.payara;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Sets the maximum size of the pool behind an application's {@code @DataSourceDefinition} at run
 * time.
 *
 * <p>Works around Payara Micro 6.2025.10 taking that size only as the annotation's literal
 * ({@code ${MPCONFIG=...}} is not resolved there), while the alternatives fail: a
 * {@code web.xml} data source with a placeholder fails schema validation on a stock jar, and a
 * pool in {@code glassfish-resources.xml} is named {@code java:app/...}, which breaks Payara's
 * {@code /metrics} (its connection-pool metric splits service names at the last '/', "Health-Check
 * service not found"). Can go when Payara resolves placeholders in the pool size.
 *
 * <p>Mirrors what Payara's own pool reconfiguration does: the pool's maximum and the maximum of
 * its resource structure. Reached once, at start-up.
 */
public final class PoolMaximum {

    private PoolMaximum() {
    }

    /** Makes {@code size} the pool's maximum; returns the maximum before. */
    public static int set(DataSource dataSource, int size) throws ReflectiveOperationException {
        try (Connection first = dataSource.getConnection()) {
            // Payara creates the pool on first use
        } catch (SQLException e) {
            // the database may be away at start-up; the pool exists all the same
        }
        ClassLoader server = dataSource.getClass().getClassLoader();
        Object factory = field(dataSource, "mcf");
        Object poolInfo = method(factory.getClass(), "getPoolInfo").invoke(factory);
        Class<?> runtimeType = Class.forName("com.sun.enterprise.connectors.ConnectorRuntime", true, server);
        Object runtime = runtimeType.getMethod("getRuntime").invoke(null);
        Object pools = runtimeType.getMethod("getPoolManager").invoke(runtime);
        Class<?> poolInfoType = Class.forName("org.glassfish.resourcebase.resources.api.PoolInfo", true, server);
        Object pool = method(pools.getClass(), "getPool", poolInfoType).invoke(pools, poolInfo);
        if (pool == null) {
            throw new ReflectiveOperationException("no pool named " + poolInfo);
        }
        int before = (Integer) method(pool.getClass(), "getMaxPoolSize").invoke(pool);
        method(pool.getClass(), "setMaxPoolSize", int.class).invoke(pool, size);
        Object resources = field(pool, "ds");
        method(resources.getClass(), "setMaxSize", int.class).invoke(resources, size);
        return before;
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name);
    }

    private static Method method(Class<?> start, String name, Class<?>... parameters) throws NoSuchMethodException {
        for (Class<?> type = start; type != null; type = type.getSuperclass()) {
            try {
                Method method = type.getDeclaredMethod(name, parameters);
                method.setAccessible(true);
                return method;
            } catch (NoSuchMethodException e) {
                // declared higher up
            }
        }
        return start.getMethod(name, parameters);
    }
}
