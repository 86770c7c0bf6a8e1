package dev.casguard.providers;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The outbound path outside a container, with real sockets: what Payara injects into
 * {@link Outbound} (policy, alarms, trust), made by hand for the providers' unit tests.
 */
final class Exchanges {

    /** The organization the unit tests' checks run for. */
    static final String ORG = "acme";

    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "test-outbound-alarms");
        thread.setDaemon(true);
        return thread;
    });

    private Exchanges() {
    }

    static OutboundPolicy policy(String allowList) {
        OutboundPolicy policy = new OutboundPolicy();
        policy.allowedPrivateHosts = Optional.ofNullable(allowList);
        return policy;
    }

    static Outbound outbound(String allowList, NameLookup lookup, TrustedCertificates trust) {
        return Outbound.of(policy(allowList), lookup, trust, ALARMS);
    }

    /** An exchange for {@link #ORG} with the JDK's trust and the system resolver. */
    static OutboundExchange open(String allowList, Duration budget) {
        return outbound(allowList, NameLookup.SYSTEM, TrustedCertificates.load(null)).open(ORG, Deadline.after(budget));
    }
}
