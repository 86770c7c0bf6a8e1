package dev.casguard.checker;

import dev.casguard.backends.BackendValidation;
import dev.casguard.backends.CasBackend;
import dev.casguard.backends.ValidationSource;
import dev.casguard.platform.CasguardDatabase;
import dev.casguard.platform.DedicatedConnections;
import dev.casguard.platform.InstanceIdentity;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One tick of one scope: if the scope is due, take its advisory lock, re-check due-ness under the
 * lock (another instance may have just finished it), record the start, validate the scope's
 * backends in parallel while probing the lock, record the end, and unlock on the same connection.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = CheckerTick.EXECUTOR, maxAsync = 256)
public class CheckerTick {

    static final String EXECUTOR = "java:app/concurrent/casguard-checker";
    private static final Logger LOG = Logger.getLogger(CheckerTick.class.getName());

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Resource(lookup = CasguardDatabase.JNDI_NAME)
    DataSource dataSource;

    @Inject
    DedicatedConnections connections;

    @Inject
    CheckerSettings settings;

    @Inject
    TickHistory history;

    @Inject
    CheckableBackends backends;

    @Inject
    BackendValidation validation;

    @Inject
    InstanceIdentity instance;

    @Inject
    CheckerMetrics metrics;

    /** Runs the scope if it is due and no other instance is running it. */
    public void runIfDue(CheckerScope scope) throws SQLException {
        Duration interval = settings.interval(scope);
        try (Connection connection = dataSource.getConnection()) {
            if (!CheckerCadence.isDue(connection, scope, interval)) {
                metrics.skip(scope, "not-due");
                return;
            }
        }
        Optional<AdvisoryLock> acquired = AdvisoryLock.tryAcquire(scope.lockKey(), connections, executor);
        if (acquired.isEmpty()) {
            metrics.skip(scope, "lock-held");
            return;
        }
        AdvisoryLock lock = acquired.get();
        long lockedAt = System.nanoTime();
        try {
            if (!CheckerCadence.isDue(lock.session(), scope, interval)) {
                metrics.skip(scope, "not-due");
                return;
            }
            int orphans = history.closeOrphans(scope);
            if (orphans > 0) {
                LOG.log(Level.WARNING, "closed {0} {1} tick(s) whose instance stopped mid-run",
                        new Object[] {orphans, scope.label()});
            }
            CheckerTickRecord tick = history.start(scope, instance.name());
            Run run = new Run(scope, lock);
            TickOutcome outcome = run.execute();
            history.finish(tick.id(), outcome, run.checked.get(), run.failed.get());
            if (outcome.countsForItsSlot()) {
                CheckerCadence.advance(lock.session(), scope, tick.startedAt());
            }
            metrics.tick(scope, outcome);
            LOG.log(Level.INFO, "{0} tick {1} on {2} ended {3}: {4} checked, {5} failed", new Object[] {
                scope.label(), tick.id(), instance.name(), outcome.label(), run.checked.get(), run.failed.get()});
        } finally {
            lock.release(settings.unlockTimeout());
            metrics.lockHeld(scope, Duration.ofNanos(System.nanoTime() - lockedAt));
        }
    }

    /** The work of one tick: bounded parallelism, a deadline, and a lock that is probed as it goes. */
    private final class Run {

        private final CheckerScope scope;
        private final AdvisoryLock lock;
        private final long deadline;
        private final AtomicInteger checked = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final List<Future<?>> inFlight = new ArrayList<>();
        private long lastProbe = System.nanoTime();
        private TickOutcome stoppedBy;

        Run(CheckerScope scope, AdvisoryLock lock) {
            this.scope = scope;
            this.lock = lock;
            this.deadline = System.nanoTime() + settings.maxTickDuration().toNanos();
        }

        TickOutcome execute() {
            Semaphore slots = new Semaphore(settings.parallelism());
            UUID after = CheckableBackends.BEFORE_FIRST;
            try {
                pages:
                while (true) {
                    List<CheckableBackends.Checkable> page = backends.page(scope, after);
                    for (CheckableBackends.Checkable backend : page) {
                        if (!acquire(slots)) {
                            break pages;
                        }
                        inFlight.add(executor.submit(() -> validate(backend, slots)));
                    }
                    if (page.size() < CheckableBackends.PAGE_SIZE) {
                        break;
                    }
                    after = page.get(page.size() - 1).backend().id();
                }
                if (stoppedBy == null) {
                    awaitAll(slots);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stoppedBy = TickOutcome.TIMED_OUT;
            }
            if (stoppedBy != null) {
                inFlight.forEach(future -> future.cancel(true));
                return stoppedBy;
            }
            return TickOutcome.COMPLETED;
        }

        private void validate(CheckableBackends.Checkable checkable, Semaphore slots) {
            CasBackend backend = checkable.backend();
            try {
                if (!validation.validate(backend, checkable.organization(), ValidationSource.CHECKER).result().ok()) {
                    failed.incrementAndGet();
                }
                checked.incrementAndGet();
            } catch (RuntimeException e) {
                // not a provider verdict (that is recorded above): say so rather than lose it in a Future
                LOG.log(Level.WARNING, "validation of backend {0} did not complete: {1}",
                        new Object[] {backend.id(), e.toString()});
            } finally {
                slots.release();
            }
        }

        /** Waits for a free validation slot, probing the lock and the deadline while it waits. */
        private boolean acquire(Semaphore slots) throws InterruptedException {
            while (!slots.tryAcquire(AdvisoryLock.PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                if (!healthy()) {
                    return false;
                }
            }
            if (!healthy()) {
                slots.release();
                return false;
            }
            return true;
        }

        /** All validations are done when every slot is free again. */
        private void awaitAll(Semaphore slots) throws InterruptedException {
            int all = settings.parallelism();
            while (!slots.tryAcquire(all, AdvisoryLock.PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                if (!healthy()) {
                    return;
                }
            }
            slots.release(all);
        }

        private boolean healthy() {
            if (System.nanoTime() - deadline >= 0) {
                stoppedBy = TickOutcome.TIMED_OUT;
                return false;
            }
            if (System.nanoTime() - lastProbe >= AdvisoryLock.PROBE_PERIOD.toNanos()) {
                lastProbe = System.nanoTime();
                if (!lock.stillHeld()) {
                    LOG.log(Level.WARNING, "{0} tick lost its lock; stopping", scope.label());
                    stoppedBy = TickOutcome.LOCK_LOST;
                    return false;
                }
            }
            return true;
        }
    }
}
