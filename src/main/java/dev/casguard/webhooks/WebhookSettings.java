package dev.casguard.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The webhooks' knobs, from MicroProfile Config (see the README for each). */
@ApplicationScoped
public class WebhookSettings {

    /** The sending threads of one instance; also the most attempts it has under way. */
    static final int MAX_PARALLELISM = 64;
    /** Time after an attempt's timeout in which its instance records the outcome before others may take it. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

    @Inject
    @ConfigProperty(name = "casguard.webhooks.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "casguard.webhooks.parallelism", defaultValue = "8")
    int parallelism;

    @Inject
    @ConfigProperty(name = "casguard.webhooks.per-organization", defaultValue = "2")
    int perOrganization;

    @Inject
    @ConfigProperty(name = "casguard.webhooks.timeout", defaultValue = "PT10S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "casguard.webhooks.first-retry", defaultValue = "PT5S")
    Duration firstRetry;

    @Inject
    @ConfigProperty(name = "casguard.webhooks.give-up-after", defaultValue = "PT24H")
    Duration giveUpAfter;

    @Inject
    @ConfigProperty(name = "casguard.webhooks.max-per-organization", defaultValue = "25")
    int maxPerOrganization;

    @Inject
    @ConfigProperty(name = "casguard.webhooks.retention", defaultValue = "P30D")
    Duration retention;

    /** Whether this instance sends deliveries (every instance accepts subscriptions and writes the outbox). */
    boolean enabled() {
        return enabled;
    }

    /** Attempts under way at once on this instance, 1 to {@link #MAX_PARALLELISM}. */
    int parallelism() {
        return Math.min(MAX_PARALLELISM, Math.max(1, parallelism));
    }

    /** Attempts under way at once for one organization, across the cluster. */
    int perOrganization() {
        return Math.max(1, perOrganization);
    }

    /** Cap on one attempt: connecting, sending, and the receiver's answer. */
    Duration timeout() {
        return positive(timeout, Duration.ofSeconds(10));
    }

    /** How long an instance owns a claimed delivery: past it, another instance may attempt it. */
    Duration lease() {
        return timeout().plus(LEASE_MARGIN);
    }

    RetrySchedule retries() {
        return new RetrySchedule(positive(firstRetry, Duration.ofSeconds(5)), positive(giveUpAfter, Duration.ofHours(24)));
    }

    int maxPerOrganization() {
        return Math.max(1, maxPerOrganization);
    }

    /** How long delivered and failed deliveries are kept for the deliveries list. */
    Duration retention() {
        return positive(retention, Duration.ofDays(30));
    }

    private static Duration positive(Duration value, Duration otherwise) {
        return value == null || value.isNegative() || value.isZero() ? otherwise : value;
    }
}
