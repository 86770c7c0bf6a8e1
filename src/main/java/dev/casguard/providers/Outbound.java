package dev.casguard.providers;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way out of casguard to a tenant-given host. Every provider check (OCI, S3, Azure Blob,
 * the Entra login) and every webhook delivery opens an {@link OutboundExchange} here, which vets each destination by the
 * {@link OutboundPolicy}, pins the addresses it vetted, bounds what it reads, and ends at the
 * check's deadline.
 */
@ApplicationScoped
public class Outbound {

    private static final Logger LOG = Logger.getLogger(Outbound.class.getName());

    @Inject
    OutboundPolicy policy;

    @Inject
    @ConfigProperty(name = "casguard.providers.trusted-ca-file")
    Optional<String> trustedCaFile;

    /**
     * Ends exchanges at their deadline. A plain daemon thread rather than a managed executor: the
     * task only closes sockets and needs no container context, and Payara's managed scheduled
     * executor carries the scheduling request's servlet invocation to the alarm thread, whose reset
     * then closes that request's EntityManager under it ("closed EntityManager", "No invocation on
     * invocation stack").
     */
    ScheduledExecutorService alarms;

    private NameLookup lookup = NameLookup.SYSTEM;
    private volatile TrustedCertificates trust;

    @PostConstruct
    void openAlarms() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "casguard-outbound-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        alarms = executor;
    }

    @PreDestroy
    void closeAlarms() {
        alarms.shutdownNow();
    }

    /** Reads the allow-list and the trusted CAs at deployment, so a bad setting fails the start. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        policy.readAllowList();
        TrustedCertificates loaded = trust();
        if (loaded.extra() > 0) {
            LOG.info("provider TLS trusts " + loaded.extra() + " extra certificate authorities from "
                    + "casguard.providers.trusted-ca-file");
        }
    }

    /** Outside a container (unit tests): explicit parts instead of injection. */
    static Outbound of(OutboundPolicy policy, NameLookup lookup, TrustedCertificates trust,
            ScheduledExecutorService alarms) {
        Outbound outbound = new Outbound();
        outbound.policy = policy;
        outbound.lookup = lookup;
        outbound.trust = trust;
        outbound.alarms = alarms;
        return outbound;
    }

    /** One check's conversation with the outside, for {@code organization}, ending at {@code deadline}. */
    OutboundExchange open(String organization, Deadline deadline) {
        return new OutboundExchange(organization, deadline, policy, lookup, trust(), alarms);
    }

    /**
     * Posts {@code body} to a tenant-given {@code url} under the same rules as a check: vetted for
     * {@code organization}, pinned, over within {@code timeout}, the answer's body not read (dropped
     * unless it is small). {@code what} names the other side in the error.
     */
    public PostOutcome post(String organization, URI url, Map<String, String> headers, byte[] body, Duration timeout,
            String what) {
        try (OutboundExchange exchange = open(organization, Deadline.after(timeout))) {
            OutboundAnswer answer = exchange.send(OutboundRequest.of("POST", url, what).headers(headers).body(body));
            return PostOutcome.answered(answer.status());
        } catch (OutboundFailure e) {
            return PostOutcome.failed(e.kind(), e.getMessage());
        }
    }

    private TrustedCertificates trust() {
        TrustedCertificates loaded = trust;
        if (loaded == null) {
            loaded = TrustedCertificates.load(trustedCaFile.filter(f -> !f.isBlank()).map(Path::of).orElse(null));
            trust = loaded;
        }
        return loaded;
    }
}
