package dev.casguard.requestpath;

import dev.casguard.backends.BackendValidation;
import dev.casguard.backends.CasBackend;
import dev.casguard.backends.RevalidationClaim;
import dev.casguard.backends.ValidationSource;
import dev.casguard.platform.AdmittedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Revalidates a stale default backend once, however many requests ask at once. On one instance,
 * concurrent requests for a backend share one flight; across instances, flights meet at the
 * {@link RevalidationClaim} in PostgreSQL: one claims and checks, the others poll the claim with
 * short queries (holding no connection in between) until it is released or expires. Every wait
 * is bounded by the validation timeout. Requests that join a flight on this instance give their
 * admission permit back while they wait (they need no database then); the flight's own request
 * keeps it, so the flight's queries stay within the instance's connection budget.
 */
@ApplicationScoped
public class SingleFlightRevalidation {

    private static final Duration POLL = Duration.ofMillis(100);

    @Inject
    RevalidationClaim claims;

    @Inject
    BackendValidation validation;

    @Inject
    RequestPathSettings settings;

    @Inject
    AdmittedRequest admitted;

    private final ConcurrentHashMap<UUID, CompletableFuture<Void>> flights = new ConcurrentHashMap<>();

    /** Revalidates {@code backend} of {@code organization} (named: its allow-list entries apply). */
    public void revalidate(CasBackend backend, String organization) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> existing = flights.putIfAbsent(backend.id(), mine);
        if (existing != null) {
            // waiting on another request's flight needs no database: the permit serves others meanwhile
            admitted.stepAside();
            try {
                join(existing);
            } finally {
                admitted.stepBackIn();
            }
            return;
        }
        try {
            fly(backend, organization);
        } finally {
            flights.remove(backend.id(), mine);
            mine.complete(null);
        }
    }

    private void fly(CasBackend backend, String organization) {
        switch (claims.claim(backend.id(), limit(), settings.revalidationWindow(), settings.failedRetryInterval())) {
            case CLAIMED -> {
                try {
                    validation.validate(backend, organization, ValidationSource.REQUEST_PATH);
                } finally {
                    claims.release(backend.id());
                }
            }
            case BUSY -> awaitRelease(backend.id());
            case NOT_NEEDED -> {
                // another flight just stored a result, or the failed-retry interval is not over
            }
        }
    }

    private void awaitRelease(UUID backendId) {
        long deadline = System.nanoTime() + limit().toNanos();
        while (System.nanoTime() < deadline && claims.busy(backendId)) {
            sleep();
        }
    }

    private void join(CompletableFuture<Void> flight) {
        try {
            flight.get(limit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the flight's outcome is read from the database either way
        }
    }

    private Duration limit() {
        return validation.longestWait();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
