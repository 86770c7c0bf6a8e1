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
 * deadline, so a provider that never answers, or drips, cannot hold the caller longer.
 */
@ApplicationScoped
public class ProviderChecks {

    private static final Logger LOG = Logger.getLogger(ProviderChecks.class.getName());
    private static final Duration RECORDING_GRACE = Duration.ofSeconds(2);

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

    /** Checks {@code location} with {@code credentials} on behalf of {@code organization} (its allow-list entries). */
    public CheckResult run(ProviderKind kind, String organization, String location, JsonObject credentials) {
        ProviderCheck check = of(kind);
        try (OutboundExchange exchange = outbound.open(organization, Deadline.after(timeout))) {
            return check.check(location, credentials, exchange);
        } catch (RuntimeException e) {
            // a defect, not a provider verdict: the frames go to the log, the class name to the result
            LOG.log(Level.WARNING, "provider check " + kind.wireName() + " failed unexpectedly: "
                    + e.getClass().getName());
            return CheckResult.failed("validation failed (" + e.getClass().getSimpleName() + ")");
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
