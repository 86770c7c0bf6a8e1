package dev.casguard.checker;

import dev.casguard.backends.BackendValidation;
import dev.casguard.backends.CheckableBackends;
import dev.casguard.backends.CasBackend;
import dev.casguard.providers.CheckResult;
import dev.casguard.providers.FailureKind;
import dev.casguard.platform.CasguardDatabase;
import dev.casguard.platform.ConnectionBudget;
import dev.casguard.platform.DatabaseClock;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One tick of one scope: if the scope is due, take its advisory lock, re-check due-ness under the
 * lock (another instance may have just finished it), record the start, validate the scope's
 * backends in parallel while probing the lock, record the end, and unlock on the same connection.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = CheckerTick.EXECUTOR, maxAsync = CheckerTick.THREADS)
public class CheckerTick {

    static final String EXECUTOR = "java:app/concurrent/casguard-checker";
    /** Both scopes' tick loops and workers ({@link CheckerSettings#MAX_PARALLELISM} each), and the lock's timeouts. */
    static final int THREADS = 256;
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

    @Inject
    LockSessionProof lockSessions;

    @Inject
    DatabaseClock clock;

    /** Validations' database steps across both scopes' ticks: {@link ConnectionBudget#CHECKER_WRITES}. */
    private final Semaphore writes = new Semaphore(ConnectionBudget.CHECKER_WRITES);

    /** Runs the scope if it is due and no other instance is running it. */
    public void runIfDue(CheckerScope scope) throws SQLException {
        Duration interval = settings.interval(scope);
        try (Connection connection = dataSource.getConnection()) {
            if (!CheckerCadence.isDue(connection, scope, interval)) {
                metrics.skip(scope, SkipReason.NOT_DUE);
                return;
            }
        }
        if (!lockSessions.sessionsKept()) {
            metrics.skip(scope, SkipReason.TRANSACTION_POOLER);
            return;
        }
        Optional<AdvisoryLock> acquired = AdvisoryLock.tryAcquire(scope.lockKey(), connections, executor);
        if (acquired.isEmpty()) {
            metrics.skip(scope, SkipReason.LOCK_HELD);
            return;
        }
        AdvisoryLock lock = acquired.get();
        long lockedAt = System.nanoTime();
        try {
            if (!CheckerCadence.isDue(lock.session(), scope, interval)) {
                metrics.skip(scope, SkipReason.NOT_DUE);
                return;
            }
            int orphans = history.closeOrphans(scope);
            if (orphans > 0) {
                LOG.log(Level.WARNING, "closed {0} {1} tick(s) whose instance stopped mid-run",
                        new Object[] {orphans, scope.label()});
            }
            CheckerTickRecord tick = history.start(scope, instance.name());
            // a slot whose holder was lost is resumed: what the checker validated in it is skipped
            Run run = new Run(scope, lock, CheckerCadence.slotStart(tick.startedAt(), interval));
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

    /** A short database step of a validation, within the checker's share of the pool. */
    private <T> T rationed(Supplier<T> step) throws InterruptedException {
        writes.acquire();
        try {
            return step.get();
        } finally {
            writes.release();
        }
    }

    /** A backend to validate and the provider server its check talks to. */
    private record Paced(CheckableBackends.Checkable checkable, String host) {
    }

    /** A validation that ended: whose, against which server, and whether that server throttled it. */
    private record Finished(String organization, String host, boolean throttled) {
    }

    /**
     * The work of one tick: bounded parallelism shared fairly between organizations
     * ({@link FairShare}) and capped per provider server ({@link HostPacing}), a deadline, and a
     * lock that is probed as it goes. Pages of backends are read ahead while every waiting
     * organization is at its share, up to {@link #READ_AHEAD}. Validations run on one worker per
     * unit of parallelism, submitted once per tick: Payara's managed executor captures the
     * submitter's context on every submit with a class-path scan for context providers, which
     * cost about a tenth of the checker's CPU when each validation was its own task.
     */
    private final class Run {

        private static final int READ_AHEAD = 4 * CheckableBackends.PAGE_SIZE;

        private final CheckerScope scope;
        private final AdvisoryLock lock;
        private final OffsetDateTime slotStart;
        private final long deadline;
        private final AtomicInteger checked = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final List<Future<?>> workers = new ArrayList<>();
        private final LinkedBlockingQueue<Paced> handOff = new LinkedBlockingQueue<>();
        private volatile boolean over;
        private final LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        private final HostPacing pacing = new HostPacing(settings.perHostParallelism());
        private long lastProbe = System.nanoTime();
        private TickOutcome stoppedBy;

        Run(CheckerScope scope, AdvisoryLock lock, OffsetDateTime slotStart) {
            this.scope = scope;
            this.lock = lock;
            this.slotStart = slotStart;
            this.deadline = System.nanoTime() + settings.maxTickDuration().toNanos();
        }

        TickOutcome execute() {
            int parallelism = settings.parallelism();
            FairShare<Paced> queue = new FairShare<>(parallelism);
            for (int worker = 0; worker < parallelism; worker++) {
                workers.add(executor.submit(this::work));
            }
            UUID after = CheckableBackends.BEFORE_FIRST;
            boolean morePages = true;
            int running = 0;
            try {
                while (healthy()) {
                    for (Finished done = finished.poll(); done != null; done = finished.poll()) {
                        settle(queue, done);
                        running--;
                    }
                    Optional<Paced> next = running < parallelism
                            ? queue.next(paced -> pacing.hasRoom(paced.host())) : Optional.empty();
                    if (next.isPresent()) {
                        Paced backend = next.get();
                        pacing.started(backend.host());
                        handOff.add(backend);
                        running++;
                        continue;
                    }
                    if (morePages && queue.waiting() < READ_AHEAD) {
                        List<CheckableBackends.Checkable> page = backends.page(scope.coverage(), slotStart, after);
                        page.forEach(backend -> queue.add(backend.organization(),
                                new Paced(backend, validation.providerHost(backend.backend()))));
                        morePages = page.size() == CheckableBackends.PAGE_SIZE;
                        if (!page.isEmpty()) {
                            after = page.get(page.size() - 1).backend().id();
                        }
                        continue;
                    }
                    if (running == 0 && queue.waiting() == 0 && !morePages) {
                        return TickOutcome.COMPLETED;
                    }
                    // wake for the next probe or the deadline, whichever is first: a tick ends at its deadline
                    long wait = Math.min(AdvisoryLock.PROBE_PERIOD.toNanos(), Math.max(0, deadline - System.nanoTime()));
                    Finished done = finished.poll(wait, TimeUnit.NANOSECONDS);
                    if (done != null) {
                        settle(queue, done);
                        running--;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stoppedBy = TickOutcome.TIMED_OUT;
            } finally {
                over = true;
                workers.forEach(worker -> worker.cancel(true));
            }
            return stoppedBy;
        }

        /** Takes validations handed off by the tick loop until the tick is over (or interrupts it). */
        private void work() {
            try {
                while (!over) {
                    Paced next = handOff.poll(AdvisoryLock.PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
                    if (next != null) {
                        validate(next);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the tick is over
            }
        }

        private void settle(FairShare<Paced> queue, Finished done) {
            queue.finished(done.organization());
            pacing.finished(done.host(), done.throttled());
        }

        /** The clock before and the result after the provider check each take one of the checker's writes. */
        private void validate(Paced paced) {
            CheckableBackends.Checkable checkable = paced.checkable();
            CasBackend backend = checkable.backend();
            boolean throttled = false;
            try {
                OffsetDateTime startedAt = rationed(clock::now);
                CheckResult result = validation.check(backend, checkable.organization());
                throttled = result.failure() == FailureKind.THROTTLED;
                rationed(() -> validation.recordChecked(backend, startedAt, result, scope.coverage()));
                if (!result.ok()) {
                    failed.incrementAndGet();
                }
                checked.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the tick is over
            } catch (RuntimeException e) {
                // not a provider verdict (that is recorded above): say so rather than lose it in a Future
                LOG.log(Level.WARNING, "validation of backend {0} did not complete: {1}",
                        new Object[] {backend.id(), e.toString()});
            } finally {
                finished.add(new Finished(checkable.organization(), paced.host(), throttled));
            }
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
