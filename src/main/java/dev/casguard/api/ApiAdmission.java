package dev.casguard.api;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * How many API requests may work at once on this instance. Payara serves up to 200 requests at a
 * time but the database pool has 48 connections; without this bound a burst of slow requests takes
 * every connection and the checker, which shares the pool, can no longer write its results. Requests
 * over the bound queue for at most {@code casguard.api.admission-wait}, then get 503.
 */
@ApplicationScoped
public class ApiAdmission {

    @Inject
    @ConfigProperty(name = "casguard.api.max-concurrent-requests", defaultValue = "32")
    int maxConcurrentRequests;

    @Inject
    @ConfigProperty(name = "casguard.api.admission-wait", defaultValue = "PT2S")
    Duration admissionWait;

    @Inject
    MetricRegistry metrics;

    private Semaphore permits;

    @PostConstruct
    void sizePermits() {
        permits = new Semaphore(Math.max(1, maxConcurrentRequests), true);
    }

    /** Waits for a permit; false when none came in time (the caller answers 503). */
    boolean enter() throws InterruptedException {
        if (permits.tryAcquire(admissionWait.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        metrics.counter(Metadata.builder().withName("casguard.api.requests.refused")
                .withDescription("API requests answered 503 because max-concurrent-requests were already "
                        + "working for longer than admission-wait").build()).inc();
        return false;
    }

    void leave() {
        permits.release();
    }
}
