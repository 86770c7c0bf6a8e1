package dev.casguard.providers;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs a provider's check under {@code casguard.checker.validation-timeout}, on a container-managed
 * executor so that a provider that never answers costs one cancelled task, not a stuck caller.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = ProviderChecks.EXECUTOR, maxAsync = 256)
public class ProviderChecks {

    static final String EXECUTOR = "java:app/concurrent/casguard-provider-checks";

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Inject
    @Any
    Instance<ProviderCheck> checks;

    @Inject
    @ConfigProperty(name = "casguard.checker.validation-timeout", defaultValue = "PT10S")
    Duration timeout;

    public ProviderCheck of(ProviderKind kind) {
        return checks.stream().filter(check -> check.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalStateException("no check for provider " + kind.wireName()));
    }

    public CheckResult run(ProviderKind kind, String location, JsonObject credentials) {
        ProviderCheck check = of(kind);
        Deadline deadline = Deadline.after(timeout);
        Future<CheckResult> running = executor.submit(() -> check.check(location, credentials, deadline));
        try {
            return running.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return CheckResult.failed("validation timed out after " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            return CheckResult.failed("validation failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return CheckResult.failed("validation interrupted");
        }
    }

    public Duration timeout() {
        return timeout;
    }
}
