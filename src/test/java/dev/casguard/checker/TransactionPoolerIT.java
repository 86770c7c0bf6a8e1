package dev.casguard.checker;

import static dev.casguard.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.PgBouncer;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.TestPorts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instances whose database URL leads through Debian's real PgBouncer, as managed PostgreSQL
 * offerings put one in front: in transaction pooling mode (idle, and busy with other clients)
 * the checker proves that session state does not hold and refuses to run, with one ERROR line
 * and a metric, and takes no lock, while the API works through the pooler; in session mode the
 * checker runs once per interval as over a direct connection. The one three-instance suite that
 * runs with Payara's clustering off ({@code --nocluster}): casguard needs nothing from the grid.
 */
class TransactionPoolerIT {

    private static final int REGISTRY_PORT = TestPorts.port("pooler.registry");
    private static final List<Integer> INSTANCE_PORTS = TestPorts.range("pooler.instances");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final String USER = "pooler";
    private static final String PASSWORD = "pooler-pw";

    private static RegistryServer registry;
    private static PgBouncer transactionIdle;
    private static PgBouncer transactionBusy;
    private static PgBouncer session;
    private static CasguardInstance idle;
    private static CasguardInstance busy;
    private static CasguardInstance sessionPooled;
    private static final AtomicBoolean loading = new AtomicBoolean(true);
    private static final AtomicLong loadQueries = new AtomicLong();
    private static ExecutorService load;
    private static Instant started;

    @BeforeAll
    static void start() throws Exception {
        Database.retireEveryOrganization();
        registry = RegistryServer.basic(REGISTRY_PORT, USER, PASSWORD);
        transactionIdle = PgBouncer.start(TestPorts.port("pooler.transaction-idle"), "transaction");
        transactionBusy = PgBouncer.start(TestPorts.port("pooler.transaction-busy"), "transaction");
        session = PgBouncer.start(TestPorts.port("pooler.session"), "session");
        // other clients keep the busy poolers' server connections changing hands
        load = Executors.newFixedThreadPool(16);
        for (PgBouncer pooler : List.of(transactionBusy, session)) {
            for (int i = 0; i < 8; i++) {
                load.submit(() -> loop(pooler.jdbcUrl()));
            }
        }
        Map<String, String> common = CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", INTERVAL.toString(),
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + REGISTRY_PORT);
        started = Instant.now();
        idle = CasguardInstance.launch("pooler-idle", INSTANCE_PORTS.get(0), with(common, transactionIdle),
                CasguardInstance.UNCLUSTERED);
        busy = CasguardInstance.launch("pooler-busy", INSTANCE_PORTS.get(1), with(common, transactionBusy),
                CasguardInstance.UNCLUSTERED);
        sessionPooled = CasguardInstance.launch("pooler-session", INSTANCE_PORTS.get(2), with(common, session),
                CasguardInstance.UNCLUSTERED);
        for (CasguardInstance instance : List.of(idle, busy, sessionPooled)) {
            instance.awaitReady(Duration.ofMinutes(3));
        }
    }

    private static Map<String, String> with(Map<String, String> common, PgBouncer pooler) {
        Map<String, String> settings = new java.util.HashMap<>(common);
        settings.put("CASGUARD_DB_URL", pooler.jdbcUrl());
        return settings;
    }

    private static void loop(String url) {
        while (loading.get()) {
            try (Connection connection = DriverManager.getConnection(url, "casguard", "casguard");
                    Statement sql = connection.createStatement()) {
                for (int i = 0; i < 50 && loading.get(); i++) {
                    sql.execute("select pg_sleep(0.002)");
                    loadQueries.incrementAndGet();
                }
            } catch (Exception e) {
                sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        loading.set(false);
        if (load != null) {
            load.shutdownNow();
            load.awaitTermination(10, TimeUnit.SECONDS);
        }
        Teardown.close(idle, busy, sessionPooled, transactionIdle, transactionBusy, session, registry);
    }

    @Test
    void behindATransactionPoolerTheCheckerRefusesAndTheApiWorks() throws Exception {
        Api api = busy.api();
        String org = api.createOrg(Api.unique("pooled"));
        String token = api.mintToken(org, "ci");
        api.createOci(org, "registry", "127.0.0.1:" + REGISTRY_PORT + "/pooled/repo", USER, PASSWORD, true, false);
        assertEquals(200, api.get("api/v1/orgs/" + org + "/upload-target", token).status(), "API through the pooler");
        assertEquals(200, idle.api().get("api/v1/orgs/" + org, token).status());

        // the session-mode instance checks the backend in the next slots; the others must not
        waitFor(Duration.ofSeconds(40), () -> completedTicks("pooler-session") >= 2);
        for (CasguardInstance refusing : List.of(idle, busy)) {
            waitFor(Duration.ofSeconds(30), () -> refusing.log().contains("pooler in transaction mode"));
        }
        Thread.sleep(6_000); // another heartbeat or more: still said once
        for (CasguardInstance refusing : List.of(idle, busy)) {
            String log = refusing.log();
            long errors = log.lines().filter(l -> l.contains("pooler in transaction mode")).count();
            assertEquals(1, errors, refusing.name() + " says it once: " + errors);
            assertTrue(log.contains("SEVERE"), refusing.name() + " at ERROR level");
            assertEquals(1.0, refusing.metric("casguard_checker_transaction_pooler", ""), refusing.name());
            assertTrue(refusing.metric("casguard_checker_skips_total", "reason=\"transaction-pooler\"") > 0);
            assertEquals(0, Database.rows("select 1 from checker_tick where instance = '" + refusing.name() + "'")
                    .size(), refusing.name() + " ran no tick");
        }
        assertTrue(loadQueries.get() > 100, "the busy poolers were busy: " + loadQueries.get());
        assertEquals(0.0, sessionPooled.metric("casguard_checker_transaction_pooler", ""));
        // the session-mode instance holds a lock only while it ticks (milliseconds): none may stay behind
        waitFor(Duration.ofSeconds(5), () -> Database.rows("select pid from pg_locks where locktype = 'advisory'"
                + " and classid = 72657").isEmpty());
    }

    @Test
    void behindASessionPoolerEachDefaultIsCheckedOncePerInterval() throws Exception {
        Api api = sessionPooled.api();
        String org = api.createOrg(Api.unique("session"));
        api.createOci(org, "registry", "127.0.0.1:" + REGISTRY_PORT + "/session/repo", USER, PASSWORD, true, false);
        long createdChecks = registry.log().uploadChecks("session/repo");
        Instant since = Instant.now();
        waitFor(Duration.ofSeconds(45), () -> registry.log().uploadChecks("session/repo") >= createdChecks + 2);
        Thread.sleep(INTERVAL.toMillis());
        List<RegistrySlot> slots = new ArrayList<>();
        for (var check : registry.log().uploadChecks()) {
            if (check.repository().equals("session/repo") && check.at().isAfter(since)) {
                slots.add(new RegistrySlot(check.at().getEpochSecond() / INTERVAL.toSeconds()));
            }
        }
        long distinct = slots.stream().distinct().count();
        assertEquals(distinct, slots.size(), "at most one check per slot: " + slots);
        assertTrue(distinct >= 2, "checked in each slot: " + slots);
    }

    private record RegistrySlot(long slot) {
    }

    private static long completedTicks(String instance) {
        return Database.rows("select 1 from checker_tick where instance = '" + instance + "' and outcome = 'completed'"
                + " and started_at > '" + started + "'").size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
