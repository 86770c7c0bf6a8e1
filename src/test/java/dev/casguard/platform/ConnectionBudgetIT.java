package dev.casguard.platform;

import static dev.casguard.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.TestPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three instances with casguard's default pool against the tests' PostgreSQL at its stock
 * {@code max_connections} (100): bursts of concurrent requests fit what PostgreSQL allows, and an
 * instance whose settings cannot fit its pool refuses to start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionBudgetIT {

    private static final int BURST = 300;
    private static final int MISFIT_PORT = TestPorts.port("budget.misfit");
    private static final String ORG = Api.unique("budget");
    private static final List<CasguardInstance> instances = new ArrayList<>();
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        Database.retireEveryOrganization();
        // earlier suites' instances, stopped moments ago, would still count (the table exists once migrated)
        Database.execute("do $$ begin if to_regclass('casguard_instance') is not null then"
                + " delete from casguard_instance; end if; end $$");
        assertEquals("100", Database.rows("show max_connections").get(0).get(0), "PostgreSQL's default");
        instances.addAll(CasguardInstance.launchAll(List.of("budget-a", "budget-b", "budget-c"),
                TestPorts.range("budget.instances"),
                CasguardInstance.settings()));
        // the three form one Payara Micro cluster (Payara logs the data grid's members)
        waitFor(Duration.ofSeconds(60), () -> instances.stream().anyMatch(i -> i.log().contains("DG Size: 3")));
        Api api = instances.get(0).api();
        api.createOrg(ORG);
        token = api.mintToken(ORG, "ci");
        assertEquals(201, api.post("api/v1/orgs/" + ORG + "/cas-backends", Api.ADMIN_TOKEN,
                Api.obj("name", "inline", "provider", "INLINE")).status());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.close(instances.toArray(AutoCloseable[]::new));
    }

    @Test
    @Order(1)
    void twoBurstsOfThreeHundredRequestsOverThreeInstancesFitAStockPostgresql() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        warmUp(http); // as a replica that has served traffic for a while: the bursts measure admission, not the JIT
        long refusalsBefore = postgresRefusals();
        List<Map<Integer, Integer>> perBurst = new ArrayList<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        AtomicInteger missingRetryAfter = new AtomicInteger();
        AtomicInteger mostSessions = new AtomicInteger();
        for (int burst = 0; burst < 2; burst++) {
            ExecutorService clients = Executors.newFixedThreadPool(BURST);
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                URI uri = URI.create(instances.get(i % 3).base() + "api/v1/orgs/" + ORG + "/upload-target");
                sent.add(clients.submit(() -> {
                    go.await();
                    HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                    statuses.add(reply.statusCode());
                    if (reply.statusCode() == 503 && reply.headers().firstValue("Retry-After").isEmpty()) {
                        missingRetryAfter.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) { // the database's view of casguard's sessions meanwhile
                mostSessions.accumulateAndGet(Integer.parseInt(Database.rows("select count(*) from pg_stat_activity"
                        + " where application_name like 'casguard%'").get(0).get(0)), Math::max);
                Thread.sleep(50);
            }
            for (Future<?> request : sent) {
                request.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
            Map<Integer, Integer> thisBurst = new TreeMap<>();
            statuses.forEach(status -> thisBurst.merge(status, 1, Integer::sum));
            thisBurst.forEach((status, n) -> byStatus.merge(status, n, Integer::sum));
            perBurst.add(thisBurst);
        }
        long refused = postgresRefusals() - refusalsBefore;
        int ok = byStatus.getOrDefault(200, 0);
        String seen = perBurst + ", most casguard sessions " + mostSessions.get() + ", PostgreSQL refusals " + refused;
        System.out.println("bursts: " + seen);
        assertEquals(0, refused, "PostgreSQL refused no connection: " + seen);
        assertTrue(byStatus.keySet().stream().allMatch(s -> s == 200 || s == 503), seen);
        assertEquals(0, missingRetryAfter.get(), "every 503 says when to retry: " + seen);
        assertTrue(ok >= 0.95 * 2 * BURST, "at least 95% answered 200: " + seen);
        assertTrue(mostSessions.get() <= 3 * ConnectionBudget.DEFAULT_POOL_SIZE, seen);
        for (CasguardInstance instance : instances) {
            assertTrue(!instance.log().contains("too many clients"), instance.name() + " saw no refusal");
        }
    }

    @Test
    @Order(2)
    void theClusterBudgetIsPublishedAndAClusterThatCouldExceedPostgresqlIsToldSo() throws Exception {
        CasguardInstance first = instances.get(0);
        // an instance of the suite before may still count for up to 75 s after it stopped
        waitFor(Duration.ofSeconds(120), () -> first.metric("casguard_db_cluster_sessions", "") == 60);
        assertEquals(60.0, first.metric("casguard_db_cluster_sessions", ""), "3 x 20");
        assertEquals(97.0, first.metric("casguard_db_server_sessions", ""), "100 less 3 reserved for superusers");
        for (CasguardInstance instance : instances) {
            assertTrue(!instance.log().contains("more PostgreSQL sessions than"), instance.name() + " fits");
        }
        // two more replicas with pools of 40 (29 requests at once fit only a pool of 40, so they start
        // only if the size took): 3 x 20 + 2 x 40 would take the cluster past what PostgreSQL allows
        List<CasguardInstance> more = CasguardInstance.launchAll(List.of("budget-d", "budget-e"),
                TestPorts.range("budget.more"),
                CasguardInstance.settings("CASGUARD_DB_POOL_SIZE", "40", "CASGUARD_API_MAX_CONCURRENT_REQUESTS", "29"));
        try {
            assertTrue(more.get(0).log().contains("the connection pool opens at most 40 sessions"), "the size took");
            // whichever starts first already sees four instances: 100 > 97
            waitFor(Duration.ofSeconds(45), () -> more.stream().anyMatch(i -> i.log()
                    .matches("(?s).*[45] instances x casguard.db.pool-size = (100|140) > 97.*")));
            // each instance's gauge follows at its own next refresh (every 30 s)
            waitFor(Duration.ofSeconds(45), () -> more.get(1).metric("casguard_db_cluster_sessions", "") == 140);
        } finally {
            Teardown.close(more.toArray(AutoCloseable[]::new));
        }
    }

    @Test
    @Order(3)
    void anInstanceWhoseSettingsCannotFitItsPoolRefusesToStart() throws Exception {
        try (CasguardInstance misfit = CasguardInstance.launch("budget-misfit", MISFIT_PORT, CasguardInstance.settings(
                "CASGUARD_API_MAX_CONCURRENT_REQUESTS", "30"))) {
            long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < until && !misfit.log().contains("refusing to start")) {
                Thread.sleep(500);
            }
            String log = misfit.log();
            assertTrue(log.contains("refusing to start: casguard.api.max-concurrent-requests is 30"), "says which");
            assertTrue(log.contains("set it between 1 and 9"), "and what would fit");
            Thread.sleep(2_000);
            boolean ready = misfit.alive() && readyAt(misfit);
            assertTrue(!ready, "never ready");
            assertEquals(List.of(), Database.rows("select name from casguard_instance where name = 'budget-misfit'"),
                    "and never counted in the cluster's budget");
        }
    }

    private static void warmUp(HttpClient http) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            URI uri = URI.create(instances.get(i % 3).base() + "api/v1/orgs/" + ORG + "/upload-target");
            sent.add(clients.submit(() -> http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.discarding())));
        }
        for (Future<?> request : sent) {
            request.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
    }

    private static boolean readyAt(CasguardInstance instance) {
        try {
            return instance.api().get("/health/ready", null).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** "sorry, too many clients already" lines in the tests' PostgreSQL log so far. */
    private static long postgresRefusals() throws IOException {
        String data = System.getenv("CASGUARD_TEST_PGDATA");
        if (data == null) {
            return 0; // an operator's own database: nothing to read
        }
        Path log = Path.of(data).getParent().resolve("postgres.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("too many clients")).count() : 0;
    }
}
