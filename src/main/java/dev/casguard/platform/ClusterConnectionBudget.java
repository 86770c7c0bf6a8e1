package dev.casguard.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Whether the cluster could open more sessions than PostgreSQL allows: every instance records its
 * {@code casguard.db.pool-size} in {@code casguard_instance} at start-up and every 30 s, and
 * compares the pools of the instances seen in the last 75 s (a replaced replica counts that
 * long) with {@code max_connections}
 * less the reserved connections. Over it, one WARNING (and one INFO when it fits again), and two
 * gauges to alert on.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ClusterConnectionBudget {

    private static final Logger LOG = Logger.getLogger(ClusterConnectionBudget.class.getName());
    private static final String SEEN_RECENTLY = "seen_at > clock_timestamp() - interval '75 seconds'";

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    DataSource dataSource;

    @Inject
    ConnectionBudget budget;

    @Inject
    InstanceIdentity instance;

    @Inject
    MetricRegistry metrics;

    private volatile double clusterSessions = Double.NaN;
    private volatile double serverSessions = Double.NaN;
    private volatile boolean over;

    @PostConstruct
    void start() {
        metrics.gauge(Metadata.builder().withName("casguard.db.cluster.sessions")
                        .withDescription("Sessions the instances seen in the last 75 s may open together "
                                + "(the sum of their casguard.db.pool-size)").build(),
                this, budget -> budget.clusterSessions);
        metrics.gauge(Metadata.builder().withName("casguard.db.server.sessions")
                        .withDescription("Sessions PostgreSQL allows ordinary clients: max_connections less the "
                                + "reserved connections; alert when casguard_db_cluster_sessions exceeds it").build(),
                this, budget -> budget.serverSessions);
        budget.notApplied().ifPresent(LOG::warning);
        budget.requestBound(); // settings that cannot fit fail the start before this instance is counted
        refresh();
    }

    @Schedule(second = "*/30", minute = "*", hour = "*", persistent = false, info = "casguard connection budget")
    void refresh() {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement seen = connection.prepareStatement("insert into casguard_instance"
                    + " (name, pool_size, seen_at) values (?, ?, clock_timestamp()) on conflict (name)"
                    + " do update set pool_size = excluded.pool_size, seen_at = excluded.seen_at")) {
                seen.setString(1, instance.name());
                seen.setInt(2, budget.poolSize());
                seen.executeUpdate();
            }
            try (PreparedStatement forget = connection.prepareStatement(
                    "delete from casguard_instance where seen_at < clock_timestamp() - interval '1 day'")) {
                forget.executeUpdate();
            }
            try (PreparedStatement totals = connection.prepareStatement("select"
                    + " (select coalesce(sum(pool_size), 0) from casguard_instance where " + SEEN_RECENTLY + "),"
                    + " (select count(*) from casguard_instance where " + SEEN_RECENTLY + "),"
                    + " current_setting('max_connections')::int"
                    + " - current_setting('superuser_reserved_connections')::int"
                    + " - coalesce(current_setting('reserved_connections', true)::int, 0)");
                    ResultSet rs = totals.executeQuery()) {
                rs.next();
                judge(rs.getInt(1), rs.getInt(2), rs.getInt(3));
            }
        } catch (SQLException e) {
            // the database is away: readiness says so; the next refresh tries again
        }
    }

    private void judge(int cluster, int instances, int server) {
        clusterSessions = cluster;
        serverSessions = server;
        boolean nowOver = cluster > server;
        if (nowOver && !over) {
            LOG.warning("the cluster may open more PostgreSQL sessions than the server allows: " + instances
                    + " instances x casguard.db.pool-size = " + cluster + " > " + server + " (max_connections less "
                    + "reserved connections); lower casguard.db.pool-size, run fewer replicas, or raise max_connections");
        } else if (!nowOver && over) {
            LOG.info("the cluster's PostgreSQL sessions fit again: " + cluster + " <= " + server);
        }
        over = nowOver;
    }
}
