package dev.casguard.requestpath;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class RequestPathSettings {

    /** Longer than the checker's 30-minute cadence on purpose: the checker normally keeps defaults fresh. */
    @Inject
    @ConfigProperty(name = "casguard.request-path.revalidation-window", defaultValue = "PT35M")
    Duration revalidationWindow;

    @Inject
    @ConfigProperty(name = "casguard.request-path.failed-retry-interval", defaultValue = "PT1M")
    Duration failedRetryInterval;

    public Duration revalidationWindow() {
        return revalidationWindow;
    }

    public Duration failedRetryInterval() {
        return failedRetryInterval;
    }
}
