package dev.casguard.backends;

import dev.casguard.domain.Refusal;
import dev.casguard.platform.AdmittedRequest;
import dev.casguard.providers.ProviderKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The share of an instance that provider checks started through the API (create, credential
 * change, revalidate) may take. Such a check waits on a tenant's provider for up to the validation
 * timeout; while it does, its request gives its admission permit back, so slow providers never
 * crowd out quick requests. Each organization may run {@code casguard.api.checks-per-organization}
 * at once (beyond: 429 at once), and the instance {@code casguard.api.max-concurrent-checks}
 * (beyond: 503), which bounds the request threads they hold.
 */
@ApplicationScoped
public class ApiCheckQuota {

    @Inject
    @ConfigProperty(name = "casguard.api.checks-per-organization", defaultValue = "4")
    int perOrganization;

    @Inject
    @ConfigProperty(name = "casguard.api.max-concurrent-checks", defaultValue = "64")
    int perInstance;

    @Inject
    AdmittedRequest admitted;

    private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();
    private Semaphore instance;

    @PostConstruct
    void size() {
        instance = new Semaphore(Math.max(1, perInstance));
    }

    /** Runs {@code check} as one of {@code organization}'s API checks, or refuses at once; INLINE reaches nothing and is not counted. */
    public <T> T run(String organization, ProviderKind provider, Supplier<T> check) {
        if (provider.inControlPlane()) {
            return check.get();
        }
        if (!takeSlot(organization)) {
            throw new Refusal(Refusal.Reason.TOO_MANY_CHECKS, "the organization already has " + perOrganization
                    + " provider checks running on this instance; retry in a moment");
        }
        if (!instance.tryAcquire()) {
            releaseSlot(organization);
            throw new Refusal(Refusal.Reason.BUSY, "too many provider checks in progress on this instance;"
                    + " retry later");
        }
        admitted.stepAside();
        try {
            return check.get();
        } finally {
            instance.release();
            releaseSlot(organization);
            admitted.stepBackIn();
        }
    }

    /** Atomic per organization; an idle organization leaves no entry behind. */
    private boolean takeSlot(String organization) {
        boolean[] taken = {false};
        running.compute(organization, (k, now) -> {
            int count = now == null ? 0 : now;
            if (count >= perOrganization) {
                return now;
            }
            taken[0] = true;
            return count + 1;
        });
        return taken[0];
    }

    private void releaseSlot(String organization) {
        running.computeIfPresent(organization, (k, count) -> count <= 1 ? null : count - 1);
    }
}
