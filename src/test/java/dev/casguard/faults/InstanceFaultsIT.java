package dev.casguard.faults;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static dev.casguard.testing.Eventually.waitFor;
import static dev.casguard.testing.FaultReport.observe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.FaultReport;
import dev.casguard.testing.MetricsContract;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.SilentServer;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.TestPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults one instance must survive on its own: a provider that accepts connections and never
 * answers, and more concurrent slow requests than the database pool has connections. The
 * checker runs every 10 s throughout, against a real registry and the silent provider.
 */
@Tag("fault")
@ExtendWith(FaultReport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceFaultsIT {

    private static final int REGISTRY_PORT = TestPorts.port("instance-faults.registry");
    private static final int SILENT_PORT = TestPorts.port("instance-faults.silent");
    private static final int INSTANCE_PORT = TestPorts.port("instance-faults.instance");
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ADMISSION_WAIT = Duration.ofSeconds(2);
    private static final String ORG = Api.unique("faults");
    private static final String SILENT_ORG = Api.unique("faults-silent");

    private static RegistryServer registry;
    private static SilentServer silent;
    private static CasguardInstance instance;
    private static Api api;
    private static String orgToken;

    @BeforeAll
    static void start() throws Exception {
        Database.retireEveryOrganization();
        registry = RegistryServer.basic(REGISTRY_PORT, "faults", "pw-faults");
        instance = CasguardInstance.launch("faults-a", INSTANCE_PORT, CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", "PT10S",
                "CASGUARD_CHECKER_VALIDATION_TIMEOUT", VALIDATION_TIMEOUT.toString(),
                "CASGUARD_CHECKER_MAX_TICK_DURATION", "PT8S",
                "CASGUARD_API_ADMISSION_WAIT", ADMISSION_WAIT.toString(),
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + REGISTRY_PORT + ",127.0.0.1:" + SILENT_PORT))
                .awaitReady(Duration.ofMinutes(3));
        api = instance.api();
        api.createOrg(ORG);
        orgToken = api.mintToken(ORG, "load");
        api.createOci(ORG, "healthy", "127.0.0.1:" + REGISTRY_PORT + "/faults/healthy",
                "faults", "pw-faults", true, false);

        api.createOrg(SILENT_ORG);
        silent = SilentServer.ociDefaultBackend(api, SILENT_ORG, "silent", SILENT_PORT, "faults/silent",
                "faults", "pw-faults");
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.close(instance, silent, registry);
    }

    @Test
    @Order(1)
    void aProviderThatNeverAnswersEndsItsValidationAtTheTimeoutAndTheTickReleasesTheLock() throws Exception {
        int acceptedBefore = silent.accepted();
        Instant since = Instant.now();
        waitFor(Duration.ofSeconds(40), () -> !Database.rows("select 1 from checker_tick where scope = 'defaults'"
                + " and outcome is not null and backends_failed >= 1 and started_at > '" + since + "'").isEmpty());
        List<String> tick = Database.rows("select outcome, backends_checked, backends_failed,"
                + " extract(epoch from finished_at - started_at) from checker_tick where scope = 'defaults'"
                + " and outcome is not null and backends_failed >= 1 and started_at > '" + since + "'"
                + " order by started_at limit 1").get(0);
        double seconds = Double.parseDouble(tick.get(3));
        observe("tick", tick.get(0));
        observe("checked", tick.get(1));
        observe("failed", tick.get(2));
        observe("tickSeconds", String.format("%.2f", seconds));
        assertEquals("completed", tick.get(0), "the tick ends by itself, not at max-tick-duration: " + tick);
        assertTrue(seconds >= VALIDATION_TIMEOUT.toSeconds() - 0.2 && seconds < VALIDATION_TIMEOUT.toSeconds() + 2.0,
                "the silent validation ends at the validation timeout (2 s): " + seconds);
        assertTrue(silent.accepted() > acceptedBefore, "the silent provider was really contacted");

        List<List<String>> locks = Database.rows("select pid from pg_locks where locktype = 'advisory'"
                + " and classid = 72657 and objid = 1");
        observe("advisoryLocksAfterTick", locks.size());
        waitFor(Duration.ofSeconds(3), () -> Database.rows("select 1 from pg_locks where locktype = 'advisory'"
                + " and classid = 72657 and objid = 1").isEmpty());

        // The same provider on the request path: the revalidate call answers at the timeout, Invalid.
        Instant asked = Instant.now();
        Api.Reply revalidated = api.post("api/v1/orgs/" + SILENT_ORG + "/cas-backends/silent/revalidate",
                ADMIN_TOKEN, null);
        double revalidateSeconds = Duration.between(asked, Instant.now()).toMillis() / 1000.0;
        observe("revalidateSeconds", String.format("%.2f", revalidateSeconds));
        assertEquals(200, revalidated.status(), revalidated.toString());
        assertEquals("Invalid", revalidated.json().getString("validationStatus"));
        assertTrue(revalidateSeconds < VALIDATION_TIMEOUT.toSeconds() + 2.0, "answered at the timeout");
    }

    @Test
    @Order(2)
    void moreSlowRequestsThanConnectionsQueueOrFailFastAndTheCheckerStillRuns() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI orgUri = URI.create(instance.base() + "api/v1/orgs/" + ORG);
        Duration hold = Duration.ofSeconds(15);
        int clients = 150;
        ConcurrentLinkedQueue<long[]> outcomes = new ConcurrentLinkedQueue<>(); // {status, millis}
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Instant lockedAt;
        Instant releasedAt;
        List<Future<?>> running = new ArrayList<>();
        try (Connection blocker = Database.connect(); Statement sql = blocker.createStatement()) {
            // Every org-token request looks its token up: with the table locked, each one that gets
            // in holds a pooled connection until the lock goes.
            blocker.setAutoCommit(false);
            sql.execute("lock table api_token in access exclusive mode");
            lockedAt = Instant.now();
            Instant stopSending = lockedAt.plus(hold).minusSeconds(3);
            for (int i = 0; i < clients; i++) {
                running.add(pool.submit(() -> {
                    while (Instant.now().isBefore(stopSending)) {
                        long started = System.nanoTime();
                        int status;
                        try {
                            status = http.send(HttpRequest.newBuilder(orgUri).timeout(Duration.ofSeconds(90))
                                    .header("Authorization", "Bearer " + orgToken).build(),
                                    HttpResponse.BodyHandlers.ofString()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        outcomes.add(new long[] {status, (System.nanoTime() - started) / 1_000_000});
                    }
                    return null;
                }));
            }
            Thread.sleep(hold.toMillis());
            blocker.rollback();
            releasedAt = Instant.now();
        }
        pool.shutdown();
        boolean allReturned = pool.awaitTermination(90, TimeUnit.SECONDS);
        for (Future<?> client : running) {
            client.get(1, TimeUnit.SECONDS);
        }

        Map<Long, Long> byStatus = new TreeMap<>();
        long slowest503 = 0;
        long slowest = 0;
        for (long[] outcome : outcomes) {
            byStatus.merge(outcome[0], 1L, Long::sum);
            slowest = Math.max(slowest, outcome[1]);
            if (outcome[0] == 503) {
                slowest503 = Math.max(slowest503, outcome[1]);
            }
        }
        List<List<String>> ticks = Database.rows("select outcome, backends_checked from checker_tick"
                + " where scope = 'defaults' and started_at > '" + lockedAt + "' and started_at < '" + releasedAt + "'");
        long ticksCompleted = ticks.stream().filter(t -> t.get(0) != null && t.get(0).equals("completed")
                && Integer.parseInt(t.get(1)) >= 2).count();
        long healthyChecks = registry.log().uploadChecks().stream()
                .filter(c -> c.repository().equals("faults/healthy") && c.status() == 202)
                .filter(c -> !c.at().isBefore(lockedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                        && c.at().isBefore(releasedAt))
                .count();
        observe("requests", outcomes.size());
        observe("byStatus", byStatus);
        observe("slowest503Ms", slowest503);
        observe("slowestMs", slowest);
        observe("ticksCompletedWhilePoolBusy", ticksCompleted);
        observe("registryChecksWhilePoolBusy", healthyChecks);

        assertTrue(allReturned, "every request returned");
        assertEquals(0, byStatus.getOrDefault(-1L, 0L), "no request failed at the connection: " + byStatus);
        assertTrue(byStatus.getOrDefault(503L, 0L) > 0, "requests beyond the bound fail fast with 503: " + byStatus);
        assertTrue(byStatus.keySet().stream().allMatch(s -> s == 200 || s == 503), "only 200 or 503: " + byStatus);
        assertTrue(slowest503 < ADMISSION_WAIT.toMillis() + 3_000, "503s come at the admission wait: " + slowest503);
        assertTrue(slowest < hold.toMillis() + 5_000, "no request outlives the blockage by much: " + slowest);
        assertTrue(ticksCompleted >= 1, "the checker completed a tick meanwhile: " + ticks);
        assertTrue(healthyChecks >= 1, "and really checked the healthy backend meanwhile");

        Api.Reply after = api.get("api/v1/orgs/" + ORG, orgToken);
        assertEquals(200, after.status(), "the pool is whole again: " + after);
        Api.Reply refused = api.get("/metrics", null);
        assertTrue(refused.body().contains("casguard_api_requests_refused_total"), "refusals are counted");
    }

    @Test
    @Order(3)
    void everyMetricIsExposedAsTheDashboardsExpectIt() {
        // by now this instance has ticked, skipped, held the lock, validated and refused requests
        MetricsContract.assertConforms(api.get("/metrics", null).body(), MetricsContract.FAMILIES.keySet());
        String defaults = "scope=\"defaults\"";
        double holds = instance.metric("casguard_checker_lock_holds_total", defaults);
        double heldMillis = instance.metric("casguard_checker_lock_hold_milliseconds_total", defaults);
        double lastHold = instance.metric("casguard_checker_lock_hold_last_seconds", defaults);
        observe("lockHolds", holds);
        observe("lockHeldMillis", heldMillis);
        assertTrue(holds >= instance.metric("casguard_checker_ticks_total", defaults), "every tick held the lock once");
        assertTrue(heldMillis >= VALIDATION_TIMEOUT.toMillis(), "the silent backend's tick alone held it 2 s: " + heldMillis);
        assertTrue(lastHold > 0 && lastHold * 1000 <= heldMillis + 1, "the last hold, in seconds: " + lastHold);
    }

}
