package dev.casguard.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * How many API requests may work at once on this instance: by default what the
 * {@link ConnectionBudget} leaves after the checker, so that requests and checker together never
 * ask the pool for more than {@code casguard.db.pool-size}. Payara serves far more requests at a
 * time; without this bound a burst of slow requests takes every connection and the checker can no
 * longer write its results. Requests over the bound queue for at most
 * {@code casguard.api.admission-wait}, then get 503. Settings that cannot fit the pool stop the
 * deployment, with a message that says which.
 */
@ApplicationScoped
public class RequestAdmission {

    @Inject
    @ConfigProperty(name = "casguard.api.admission-wait", defaultValue = "PT2S")
    Duration admissionWait;

    @Inject
    ConnectionBudget budget;

    @Inject
    MetricRegistry metrics;

    private Semaphore permits;

    /** At deployment, so that settings that cannot fit the pool fail the start. */
    void sizePermits(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        permits();
    }

    private Semaphore permits() {
        Semaphore sized = permits;
        if (sized == null) {
            sized = new Semaphore(budget.requestBound(), true);
            permits = sized;
        }
        return sized;
    }

    /** Waits for a permit; false when none came in time (the caller answers 503). */
    public boolean enter() throws InterruptedException {
        if (permits().tryAcquire(admissionWait.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        metrics.counter(Metadata.builder().withName("casguard.api.requests.refused")
                .withDescription("API requests answered 503 because max-concurrent-requests were already "
                        + "working for longer than admission-wait").build()).inc();
        return false;
    }

    public void leave() {
        permits().release();
    }
}
