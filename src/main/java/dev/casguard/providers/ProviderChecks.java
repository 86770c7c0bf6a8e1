package dev.casguard.providers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs a provider's check for an organization under {@code casguard.checker.validation-timeout}.
 * The check runs on the caller's thread: its {@link OutboundExchange} closes every socket at the
 * deadline, so a provider that never answers, or drips, cannot hold the caller longer. A
 * transient failure ({@link FailureKind#isTransient}) is tried again, up to {@link #TRIES} tries
 * in all, each with its share of the time left after the pauses still ahead (so a provider that
 * never answers is given the whole timeout), after a short pause or the provider's Retry-After
 * when that still leaves a try its {@link #SHORTEST_TRY}; the last try's result stands.
 */
@ApplicationScoped
public class ProviderChecks {

    private static final Logger LOG = Logger.getLogger(ProviderChecks.class.getName());
    private static final Duration RECORDING_GRACE = Duration.ofSeconds(2);
    static final int TRIES = 3;
    private static final Duration PAUSE = Duration.ofMillis(200);
    static final Duration SHORTEST_TRY = Duration.ofMillis(250);

    @Inject
    @Any
    Instance<ProviderCheck> checks;

    @Inject
    Outbound outbound;

    @Inject
    @ConfigProperty(name = "casguard.checker.validation-timeout", defaultValue = "PT10S")
    Duration timeout;

    public ProviderCheck of(ProviderKind kind) {
        return checks.stream().filter(check -> check.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalStateException("no check for provider " + kind.wireName()));
    }

    /** The provider server checks of this backend talk to ({@link ProviderCheck#host}). */
    public String host(ProviderKind kind, String location, JsonObject credentials) {
        return of(kind).host(location, credentials);
    }

    /** Checks {@code location} with {@code credentials} on behalf of {@code organization} (its allow-list entries). */
    public CheckResult run(ProviderKind kind, String organization, String location, JsonObject credentials) {
        return run(of(kind), organization, location, credentials);
    }

    CheckResult run(ProviderCheck check, String organization, String location, JsonObject credentials) {
        Deadline validation = Deadline.after(timeout);
        CheckResult result = once(check, organization, location, credentials, validation.share(TRIES, pausesAfter(1)));
        for (int tried = 1; tried < TRIES && result.isTransientFailure(); tried++) {
            Duration pause = result.retryAfterHint().filter(wait -> wait.compareTo(PAUSE) > 0)
                    .orElse(PAUSE.multipliedBy(tried));
            if (validation.remaining().compareTo(pause.plus(SHORTEST_TRY)) < 0) {
                return result; // no room for another fair try: the provider's answer stands
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the caller gave up (a tick's end)
                return result;
            }
            result = once(check, organization, location, credentials,
                    validation.share(TRIES - tried, pausesAfter(tried + 1)));
        }
        return result;
    }

    /** The default pauses still ahead once try {@code tryNumber} has run. */
    private static Duration pausesAfter(int tryNumber) {
        Duration ahead = Duration.ZERO;
        for (int pause = tryNumber; pause < TRIES; pause++) {
            ahead = ahead.plus(PAUSE.multipliedBy(pause));
        }
        return ahead;
    }

    private CheckResult once(ProviderCheck check, String organization, String location, JsonObject credentials,
            Deadline deadline) {
        try (OutboundExchange exchange = outbound.open(organization, deadline)) {
            return check.check(location, credentials, exchange);
        } catch (RuntimeException e) {
            // a defect, not a provider verdict: the frames go to the log, the class name to the result
            LOG.log(Level.WARNING, "provider check " + check.kind().wireName() + " failed unexpectedly: "
                    + e.getClass().getName());
            return CheckResult.failed(FailureKind.PROVIDER_ERROR, "validation failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The longest anyone waiting on a check (a request joining another's flight, a claim's hold)
     * has to wait: the validation timeout, and the grace to record the result after it.
     */
    public Duration longestWait() {
        return timeout.plus(RECORDING_GRACE);
    }
}
