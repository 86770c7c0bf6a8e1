package dev.casguard.checker;

import dev.casguard.platform.CasguardDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What an operator needs to tell a healthy checker from a wedged one: ticks by outcome, skips by
 * reason (a lock held for ever looks like healthy contention without them), how long locks are
 * held, and when each scope last ran anywhere in the cluster.
 */
@ApplicationScoped
public class CheckerMetrics {

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    DataSource dataSource;

    @Inject
    CheckerSettings settings;

    private final Map<CheckerScope, Double> lastHoldSeconds = new ConcurrentHashMap<>();

    @PostConstruct
    void registerScopeGauges() {
        for (CheckerScope scope : CheckerScope.values()) {
            // the alert on a scope that stopped running compares last.run with this instance's own setting
            metrics.gauge(Metadata.builder().withName("casguard.checker.interval")
                            .withDescription("The scope's casguard.checker.<scope>.interval on this instance, seconds")
                            .withUnit(MetricUnits.SECONDS).build(),
                    this, metrics -> settings.interval(scope).toMillis() / 1000.0, new Tag("scope", scope.label()));
            metrics.gauge(Metadata.builder().withName("casguard.checker.lock.hold.last")
                            .withDescription("How long this instance held the scope's advisory lock the last "
                                    + "time, seconds; NaN before its first hold").withUnit(MetricUnits.SECONDS).build(),
                    this, metrics -> metrics.lastHoldSeconds.getOrDefault(scope, Double.NaN),
                    new Tag("scope", scope.label()));
            metrics.gauge(Metadata.builder().withName("casguard.checker.last.run")
                            .withDescription("Start of the scope's last counted run anywhere in the cluster, "
                                    + "epoch seconds; alert when it falls more than two intervals behind")
                            .withUnit(MetricUnits.SECONDS).build(),
                    this, metrics -> metrics.lastRunEpochSeconds(scope), new Tag("scope", scope.label()));
        }
    }

    void tick(CheckerScope scope, TickOutcome outcome) {
        metrics.counter(Metadata.builder().withName("casguard.checker.ticks")
                        .withDescription("Ticks run on this instance, by scope and outcome").build(),
                new Tag("scope", scope.label()), new Tag("outcome", outcome.label())).inc();
    }

    void skip(CheckerScope scope, SkipReason reason) {
        metrics.counter(Metadata.builder().withName("casguard.checker.skips")
                        .withDescription("Heartbeats that did not run a tick, by scope and reason ("
                                + Arrays.stream(SkipReason.values()).map(SkipReason::label)
                                        .collect(Collectors.joining(", ")) + ")").build(),
                new Tag("scope", scope.label()), new Tag("reason", reason.label())).inc();
    }

    /*
     * Not a MicroProfile Timer: Payara Micro 6 exports a timer's quantiles in nanoseconds and adds a
     * _mean gauge, Payara Micro 7 scales its _max twice and has no _mean, so no dashboard could read
     * one timer on both lines. Counters and gauges come out alike and right on both.
     */
    void lockHeld(CheckerScope scope, Duration held) {
        metrics.counter(Metadata.builder().withName("casguard.checker.lock.holds")
                        .withDescription("Times this instance held and released a scope's advisory lock").build(),
                new Tag("scope", scope.label())).inc();
        metrics.counter(Metadata.builder().withName("casguard.checker.lock.hold.milliseconds")
                        .withDescription("Milliseconds this instance held a scope's advisory lock, in all").build(),
                new Tag("scope", scope.label())).inc(held.toMillis());
        lastHoldSeconds.put(scope, held.toNanos() / 1e9);
    }

    private double lastRunEpochSeconds(CheckerScope scope) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select extract(epoch from last_run_started_at) from checker_scope where scope = ?")) {
            query.setString(1, scope.label());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : Double.NaN;
            }
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
