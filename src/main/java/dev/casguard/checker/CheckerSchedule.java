package dev.casguard.checker;

import dev.casguard.platform.InstanceIdentity;
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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The heartbeat on every instance. {@code @Schedule} fires everywhere, so it only asks each scope's
 * {@link CheckerTick} to run if due; PostgreSQL decides who actually runs. Ticks run on a managed
 * executor, so a long {@code all} tick never delays a {@code defaults} tick, and a scope still
 * running here is not started twice. Bean-managed transactions: Payara wraps timer callbacks in
 * a container transaction otherwise, which would hold the lock's session "idle in transaction".
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CheckerSchedule {

    private static final Logger LOG = Logger.getLogger(CheckerSchedule.class.getName());

    @Resource(lookup = CheckerTick.EXECUTOR)
    ManagedExecutorService executor;

    @Inject
    CheckerSettings settings;

    @Inject
    CheckerTick tick;

    @Inject
    CheckerMetrics metrics;

    @Inject
    InstanceIdentity instance;

    private final Map<CheckerScope, AtomicBoolean> runningHere = new EnumMap<>(CheckerScope.class);
    private Instant firstTickAllowed;

    @PostConstruct
    void init() {
        for (CheckerScope scope : CheckerScope.values()) {
            runningHere.put(scope, new AtomicBoolean());
        }
        firstTickAllowed = Instant.now().plus(settings.initialDelay());
        LOG.info(() -> "instance " + instance.name() + ": " + (settings.enabled()
                ? "checker enabled; first tick not before " + firstTickAllowed
                : "checker disabled (casguard.checker.enabled=false)"));
    }

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false, info = "casguard checker heartbeat")
    void heartbeat() {
        if (!settings.enabled() || Instant.now().isBefore(firstTickAllowed)) {
            return;
        }
        for (CheckerScope scope : CheckerScope.values()) {
            AtomicBoolean running = runningHere.get(scope);
            if (!running.compareAndSet(false, true)) {
                metrics.skip(scope, SkipReason.RUNNING_HERE);
                continue;
            }
            try {
                executor.submit(() -> runTick(scope, running));
            } catch (RuntimeException e) {
                running.set(false);
                LOG.log(Level.WARNING, "could not start a {0} tick: {1}", new Object[] {scope.label(), e.toString()});
            }
        }
    }

    private void runTick(CheckerScope scope, AtomicBoolean running) {
        try {
            tick.runIfDue(scope);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "{0} tick failed: {1}", new Object[] {scope.label(), e.toString()});
        } finally {
            running.set(false);
        }
    }
}
