package dev.casguard.requestpath;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.TestPorts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The request path across three real instances (checker off, so every provider call the registry
 * logs comes from the request path): one check per stale backend however many requests ask, and
 * at most one re-check per failed-retry interval while the provider is failing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequestPathClusterIT {

    private static final int REGISTRY_PORT = TestPorts.port("requestpath.registry");
    private static final String REPO = "storm/main";
    private static final Duration RETRY = Duration.ofSeconds(10);
    private static final String ORG = Api.unique("storm");

    private static RegistryServer registry;
    private static final List<CasguardInstance> instances = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        registry = RegistryServer.basic(REGISTRY_PORT, "storm", "pw-storm");
        Map<String, String> settings = CasguardInstance.settings(
                "CASGUARD_CHECKER_ENABLED", "false",
                "CASGUARD_REQUEST_PATH_REVALIDATION_WINDOW", "PT35M",
                "CASGUARD_REQUEST_PATH_FAILED_RETRY_INTERVAL", RETRY.toString(),
                "CASGUARD_CHECKER_VALIDATION_TIMEOUT", "PT5S",
                // Not the default PT2S: this suite is about the single flight across instances, and
                // 90 requests at once on three instances saturate this 2-core machine for ~3 s (the
                // admission bound's own 503s are ConnectionBudgetIT's and InstanceFaultsIT's subject).
                "CASGUARD_API_ADMISSION_WAIT", "PT6S",
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + REGISTRY_PORT);
        instances.addAll(CasguardInstance.launchAll(List.of("rp-a", "rp-b", "rp-c"),
                TestPorts.range("requestpath.instances"), settings));
        Api api = instances.get(0).api();
        api.createOrg(ORG);
        Reply created = api.post("api/v1/orgs/" + ORG + "/cas-backends", ADMIN_TOKEN, obj("name", "oci",
                "provider", "OCI", "location", registry.location(REPO),
                "credentials", obj("username", "storm", "password", "pw-storm")));
        assertEquals(201, created.status(), created.toString());
        assertEquals(201, api.post("api/v1/orgs/" + ORG + "/cas-backends", ADMIN_TOKEN,
                obj("name", "inline", "provider", "INLINE", "fallback", true)).status());
        // Replicas in service are warm; the first requests of a fresh JVM take a second or more each.
        for (int round = 0; round < 10; round++) {
            for (CasguardInstance instance : instances) {
                if (round == 0) {
                    makeStale();
                }
                assertEquals(200, instance.api().get("api/v1/orgs/" + ORG + "/upload-target", ADMIN_TOKEN).status());
            }
        }
    }

    @AfterAll
    static void stopCluster() {
        instances.forEach(CasguardInstance::close);
        if (registry != null) {
            registry.close();
        }
    }

    private static void makeStale() {
        Database.execute("update cas_backend b set validated_at = clock_timestamp() - interval '2 hours'"
                + " from organization o where o.id = b.organization_id and o.name = '" + ORG + "' and b.name = 'oci'");
    }

    @Test
    @Order(1)
    void ninetyConcurrentRequestsOnThreeInstancesCauseOneCheck() throws Exception {
        makeStale();
        long before = registry.log().uploadChecks(REPO);
        ExecutorService clients = Executors.newFixedThreadPool(90);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Api api = instances.get(i % 3).api();
            replies.add(clients.submit((Callable<Integer>) () -> {
                start.await();
                return api.get("api/v1/orgs/" + ORG + "/upload-target", ADMIN_TOKEN).status();
            }));
        }
        start.countDown();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (Future<Integer> reply : replies) {
            statuses.merge(reply.get(), 1, Integer::sum);
        }
        clients.shutdown();
        long checks = registry.log().uploadChecks(REPO) - before;
        System.out.println("[request-path] 90 concurrent requests: " + statuses + ", provider checks: " + checks);
        assertEquals(Map.of(200, 90), statuses);
        assertEquals(1, checks, "one provider check for the whole burst, across instances");
    }

    @Test
    @Order(2)
    void aStormOnAFailingProviderIsRateLimitedAndServedFromTheFallback() throws Exception {
        registry.setPassword("storm", "rotated");
        makeStale();
        Instant from = Instant.now();
        long before = registry.log().uploadChecks(REPO);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger fallbackAnswers = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int c = 0; c < 6; c++) {
            Api api = instances.get(c % 3).api();
            clients.submit(() -> {
                for (int n = 0; n < 5_000 && System.nanoTime() < end; n++) {
                    Reply reply = api.get("api/v1/orgs/" + ORG + "/upload-target", ADMIN_TOKEN);
                    statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (reply.status() == 200 && reply.json().getBoolean("usingFallback")) {
                        fallbackAnswers.incrementAndGet();
                    }
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        long seconds = Duration.between(from, Instant.now()).toSeconds();
        long checks = registry.log().uploadChecks(REPO) - before;
        long allowed = seconds / RETRY.toSeconds() + 1;
        int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println("[request-path] storm of " + total + " requests over " + seconds + " s: statuses "
                + statuses + ", provider checks " + checks + " (at most " + allowed + " allowed)");
        assertEquals(total, statuses.getOrDefault(200, new AtomicInteger()).get(),
                "every answer is 200 while the INLINE fallback is there: " + statuses);
        assertTrue(fallbackAnswers.get() >= total - 6, "answers come from the fallback");
        assertTrue(checks >= 2 && checks <= allowed, "checks " + checks + " within 1.." + allowed);

        Api api = instances.get(1).api();
        assertEquals(204, api.delete("api/v1/orgs/" + ORG + "/cas-backends/inline", ADMIN_TOKEN).status());
        Reply blocked = api.get("api/v1/orgs/" + ORG + "/upload-target", ADMIN_TOKEN);
        assertEquals(403, blocked.status());
        assertEquals("CAS_BACKEND_INVALID", blocked.code());

        Reply events = api.get("api/v1/orgs/" + ORG + "/cas-backends/oci/events", ADMIN_TOKEN);
        assertEquals("Invalid", events.array().getJsonObject(0).getString("newStatus"));
        assertEquals("request-path", events.array().getJsonObject(0).getString("source"));
    }

    @Test
    @Order(3)
    void anOrganizationWithoutBackendsIsRefused() {
        Api api = instances.get(2).api();
        String empty = api.createOrg(Api.unique("storm-empty"));
        Reply reply = api.get("api/v1/orgs/" + empty + "/upload-target", api.mintToken(empty, "t"));
        assertEquals(403, reply.status());
        assertEquals("CAS_BACKEND_REQUIRED", reply.code());
    }
}
