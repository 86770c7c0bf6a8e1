package dev.casguard.webhooks;

import dev.casguard.platform.InstanceIdentity;
import dev.casguard.providers.FailureKind;
import dev.casguard.providers.Outbound;
import dev.casguard.providers.PostOutcome;
import dev.casguard.security.CredentialCipher;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sender on every instance. Each second it records the outcomes of finished attempts, then
 * claims as many due deliveries as it has free senders ({@link DeliveryClaims}), and hands them to
 * its senders, which post without holding any database connection. All its database work runs on
 * the timer's one thread, one short transaction at a time: one connection of the instance's budget.
 *
 * <p>The senders are plain daemon threads, like the outbound deadlines: a post needs no container
 * context, and a managed executor would carry the timer's invocation context to them.
 * Bean-managed transactions, as for the checker's heartbeat: each step opens its own.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class.getName());
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    @Inject
    WebhookSettings settings;

    @Inject
    DeliveryClaims claims;

    @Inject
    Outbound outbound;

    @Inject
    CredentialCipher cipher;

    @Inject
    WebhookMetrics metrics;

    @Inject
    InstanceIdentity instance;

    private ExecutorService senders;
    private final Queue<Attempted> finished = new ConcurrentLinkedQueue<>();
    /** Claimed here and not yet recorded: at most the senders' number. */
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean failing;
    private Instant nextPrune = Instant.now().plus(Duration.ofMinutes(5));

    private record Attempted(ClaimedDelivery claimed, PostOutcome outcome) {
    }

    @PostConstruct
    void start() {
        AtomicInteger number = new AtomicInteger();
        senders = new ThreadPoolExecutor(settings.parallelism(), settings.parallelism(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "casguard-webhook-sender-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        LOG.info(() -> "instance " + instance.name() + ": " + (settings.enabled()
                ? "webhook deliveries on, " + settings.parallelism() + " at once"
                : "webhook deliveries off here (casguard.webhooks.enabled=false)"));
    }

    @PreDestroy
    void stop() {
        // attempts cut short here are attempted again by whoever claims them once their lease ends
        senders.shutdownNow();
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "casguard webhook deliveries")
    void heartbeat() {
        if (!settings.enabled() || !polling.compareAndSet(false, true)) {
            return;
        }
        try {
            recordFinished();
            claimDue();
            pruneNowAndThen();
            if (failing) {
                failing = false;
                LOG.info("webhook deliveries: the database answers again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "webhook deliveries paused: {0}", e.toString());
            }
        } finally {
            polling.set(false);
        }
    }

    private void recordFinished() {
        Attempted attempted;
        while ((attempted = finished.peek()) != null) {
            Optional<String> recorded = claims.settle(attempted.claimed(), attempted.outcome(), settings.retries());
            finished.remove();
            held.decrementAndGet();
            recorded.ifPresent(metrics::attempted);
        }
    }

    private void claimDue() {
        int free = settings.parallelism() - held.get();
        if (free <= 0) {
            return;
        }
        for (ClaimedDelivery claimed : claims.claim(free, settings.perOrganization(), settings.lease())) {
            held.incrementAndGet();
            senders.execute(() -> finished.add(new Attempted(claimed, attempt(claimed))));
        }
    }

    private void pruneNowAndThen() {
        if (Instant.now().isAfter(nextPrune)) {
            nextPrune = Instant.now().plus(PRUNE_EVERY);
            int pruned = claims.prune(settings.retention());
            if (pruned > 0) {
                LOG.info(() -> "webhook deliveries: forgot " + pruned + " ended ones older than " + settings.retention());
            }
        }
    }

    /** One POST of the delivery, signed now; whatever goes wrong is the attempt's outcome. */
    private PostOutcome attempt(ClaimedDelivery claimed) {
        try {
            ReceiverUrl url = ReceiverUrl.parse(claimed.url());
            SigningSecret secret = SigningSecret.of(cipher.decrypt(claimed.webhookId(), claimed.sealedSecret()));
            String id = claimed.id().toString();
            long timestamp = Instant.now().getEpochSecond();
            Map<String, String> headers = Map.of(
                    "content-type", "application/json",
                    "webhook-id", id,
                    "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", secret.sign(id, timestamp, claimed.payload()));
            return outbound.post(claimed.organization(), url.uri(), headers,
                    claimed.payload().getBytes(StandardCharsets.UTF_8), settings.timeout(), url.described());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook delivery {0}: the attempt failed: {1}",
                    new Object[] {claimed.id(), e.getClass().getSimpleName()});
            return new PostOutcome(0, FailureKind.INVALID_CONFIGURATION, "the attempt could not be made ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
