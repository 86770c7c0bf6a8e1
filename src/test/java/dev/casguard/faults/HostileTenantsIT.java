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
import dev.casguard.testing.HostileRegistry;
import dev.casguard.testing.HostileRegistry.Misbehaviour;
import dev.casguard.testing.HostileRegistry.Options;
import dev.casguard.testing.HostileRegistry.Step;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.TestCertificateAuthority;
import dev.casguard.testing.TestPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenants that point casguard at servers of their own, on one real instance with casguard's
 * default limits: providers that drip their answers, answer without end, or sit behind a private
 * CA, and allow-list entries meant for one organization only.
 */
@Tag("fault")
@ExtendWith(FaultReport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileTenantsIT {

    /** One per dripping organization. */
    private static final List<Integer> DRIPPING_PORTS = TestPorts.range("hostile-tenants.dripping");
    private static final int ALLOWED_FOR_ONE_PORT = TestPorts.port("hostile-tenants.allowed-for-one");
    private static final int TLS_PORT = TestPorts.port("hostile-tenants.tls");
    private static final int REGISTRY_PORT = TestPorts.port("hostile-tenants.registry");
    private static final int CROWD_PORT = TestPorts.port("hostile-tenants.crowd");
    private static final int ENDLESS_PORT = TestPorts.port("hostile-tenants.endless");
    private static final int INSTANCE_PORT = TestPorts.port("hostile-tenants.instance");
    private static final String USER = "tenant";
    private static final String PASSWORD = "tenant-pw";
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(3);
    private static final int CHECKS_PER_ORGANIZATION = 4; // the default

    private static final String QUIET = Api.unique("quiet");
    private static final String ALLOWED = Api.unique("allowed");
    private static final String OTHER = Api.unique("other");
    private static final List<String> DRIPPING = IntStream.range(0, 10)
            .mapToObj(i -> Api.unique("drip" + i)).toList();

    private static final List<HostileRegistry> dripping = new ArrayList<>();
    private static RegistryServer registry;
    private static RegistryServer allowedForOne;
    private static RegistryServer tls;
    private static HostileRegistry crowd;
    private static HostileRegistry endless;
    private static CasguardInstance instance;
    private static Api api;
    private static String quietToken;

    @BeforeAll
    static void start() throws Exception {
        Database.retireEveryOrganization();
        for (int i = 0; i < DRIPPING.size(); i++) {
            dripping.add(new HostileRegistry(DRIPPING_PORTS.get(i), USER, PASSWORD, Misbehaviour.DRIPPING_HEADERS,
                    Step.PING, Options.DEFAULTS.withDrip(Duration.ofMillis(200))));
        }
        registry = RegistryServer.basic(REGISTRY_PORT, USER, PASSWORD);
        allowedForOne = RegistryServer.basic(ALLOWED_FOR_ONE_PORT, USER, PASSWORD);
        TestCertificateAuthority ca = TestCertificateAuthority.create(Path.of("target", "hostile-tenants-ca"));
        tls = RegistryServer.basicTls(TLS_PORT, USER, PASSWORD, ca.serverCertPem(), ca.serverKeyPem());
        crowd = new HostileRegistry(CROWD_PORT, USER, PASSWORD, Misbehaviour.NONE, Step.PING, Options.DEFAULTS
                .withDrip(Duration.ofMillis(200)));
        endless = new HostileRegistry(ENDLESS_PORT, USER, PASSWORD, Misbehaviour.ENDLESS_BODY, Step.TOKEN,
                Options.DEFAULTS.withStatus(200)).withTokenAuth();
        String allowList = IntStream.range(0, DRIPPING.size()).mapToObj(i -> "127.0.0.1:" + DRIPPING_PORTS.get(i))
                .collect(Collectors.joining(",")) + "," + ALLOWED + "@127.0.0.1:" + ALLOWED_FOR_ONE_PORT
                + ",localhost:" + TLS_PORT + ",127.0.0.1:" + REGISTRY_PORT + ",127.0.0.1:" + CROWD_PORT
                + ",127.0.0.1:" + ENDLESS_PORT;
        // Scopes every hour (so a tick runs only when the test makes one due), but right after start.
        instance = CasguardInstance.launch("hostile-a", INSTANCE_PORT, CasguardInstance.settings(
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", allowList,
                "CASGUARD_PROVIDERS_TRUSTED_CA_FILE", ca.caPem().toAbsolutePath().toString(),
                "CASGUARD_CHECKER_VALIDATION_TIMEOUT", VALIDATION_TIMEOUT.toString(),
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", "PT1H",
                "CASGUARD_CHECKER_ALL_INTERVAL", "PT1H",
                "CASGUARD_CHECKER_PARALLELISM", "4",
                "CASGUARD_CHECKER_MAX_TICK_DURATION", "PT8S"))
                .awaitReady(Duration.ofMinutes(3));
        api = instance.api();
        api.createOrg(QUIET);
        quietToken = api.mintToken(QUIET, "ci");
        api.createOci(QUIET, "registry", "127.0.0.1:" + REGISTRY_PORT + "/quiet/repo", USER, PASSWORD, true, false);
        for (String org : DRIPPING) {
            api.createOrg(org);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.close(instance, registry, allowedForOne, tls, crowd, endless);
        for (HostileRegistry server : dripping) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void dripSlowProvidersOfTenOrganizationsLeaveAnotherOrganizationsRequestsAlone() throws Exception {
        for (int i = 0; i < 20; i++) { // warm the request path and the refusals before measuring them
            assertEquals(200, api.get("api/v1/orgs/" + QUIET + "/upload-target", quietToken).status());
            assertEquals(400, api.post("api/v1/orgs/" + QUIET + "/cas-backends", ADMIN_TOKEN, obj("name", "x")).status());
        }
        ExecutorService clients = Executors.newFixedThreadPool(110);
        ConcurrentLinkedQueue<long[]> creations = new ConcurrentLinkedQueue<>(); // {org index, status, millis}
        ConcurrentLinkedQueue<long[]> quiet = new ConcurrentLinkedQueue<>(); // {status, millis}
        List<Future<?>> running = new ArrayList<>();
        long until = System.nanoTime() + VALIDATION_TIMEOUT.plusSeconds(2).toNanos();
        try {
            for (int o = 0; o < DRIPPING.size(); o++) {
                int org = o;
                for (int b = 0; b < 10; b++) {
                    String name = "drip-" + b;
                    running.add(clients.submit(() -> {
                        long started = System.nanoTime();
                        Api.Reply reply = api.post("api/v1/orgs/" + DRIPPING.get(org) + "/cas-backends", ADMIN_TOKEN,
                                obj("name", name, "provider", "OCI", "location", dripping.get(org).location("drip/repo"),
                                        "credentials", obj("username", USER, "password", PASSWORD)));
                        creations.add(new long[] {org, reply.status(), (System.nanoTime() - started) / 1_000_000});
                        if (reply.status() == 429) {
                            assertEquals("1", reply.header("Retry-After"), reply.toString());
                            assertEquals("TOO_MANY_CHECKS", reply.code(), reply.toString());
                        }
                        return null;
                    }));
                }
            }
            Thread.sleep(300); // the storm is under way
            for (int c = 0; c < 4; c++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < until) {
                        long started = System.nanoTime();
                        int status = api.get("api/v1/orgs/" + QUIET + "/upload-target", quietToken).status();
                        quiet.add(new long[] {status, (System.nanoTime() - started) / 1_000_000});
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }

        Map<Long, Long> quietByStatus = quiet.stream().collect(Collectors.groupingBy(q -> q[0], TreeMap::new,
                Collectors.counting()));
        long slowestQuiet = quiet.stream().mapToLong(q -> q[1]).max().orElse(-1);
        Map<Long, Long> creationsByStatus = creations.stream().collect(Collectors.groupingBy(c -> c[1], TreeMap::new,
                Collectors.counting()));
        long slowest429 = creations.stream().filter(c -> c[1] == 429).mapToLong(c -> c[2]).max().orElse(-1);
        observe("quietRequests", quiet.size());
        observe("quietByStatus", quietByStatus);
        observe("slowestQuietMs", slowestQuiet);
        observe("creationsByStatus", creationsByStatus);
        observe("slowest429Ms", slowest429);
        // requests, not connections: a check's tries (and its TLS attempt) follow one another, and a
        // connection the client just closed can still be open on the server's side for a moment
        int checksSeen = dripping.stream().mapToInt(HostileRegistry::maxRequestsInFlight).max().orElse(0);
        observe("mostRequestsOnOneDrippingServer", checksSeen);
        observe("mostConnectionsOnOneDrippingServer", dripping.stream().mapToInt(HostileRegistry::maxInFlight).max().orElse(0));

        assertTrue(quiet.size() >= 10, "the quiet organization kept asking: " + quiet.size());
        assertEquals(Map.of(200L, (long) quiet.size()), quietByStatus, "every quiet request answered 200");
        assertTrue(slowestQuiet < 1000, "each within 1 s: " + slowestQuiet + " ms");
        for (int o = 0; o < DRIPPING.size(); o++) {
            int org = o;
            long checked = creations.stream().filter(c -> c[0] == org && c[1] == 400).count();
            long refused = creations.stream().filter(c -> c[0] == org && c[1] == 429).count();
            assertEquals(CHECKS_PER_ORGANIZATION, checked, "organization " + org + ": its share ran and failed");
            assertEquals(10 - CHECKS_PER_ORGANIZATION, refused, "organization " + org + ": the rest 429");
        }
        // "at once": long before any check of the share could end (the validation timeout, 3 s)
        assertTrue(slowest429 < 2000, "429 at once: " + slowest429 + " ms");
        assertTrue(checksSeen <= CHECKS_PER_ORGANIZATION, "no more checks than the share reached a server: " + checksSeen);
    }

    @Test
    @Order(2)
    void anEndlessProviderAnswerIsCutAndNamedTooLarge() {
        String org = api.createOrg(Api.unique("endless"));
        Api.Reply reply = api.post("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN, obj("name", "endless",
                "provider", "OCI", "location", endless.location("endless/repo"),
                "credentials", obj("username", USER, "password", PASSWORD)));
        observe("endlessReply", reply.status() + " " + reply.json().getString("detail"));
        observe("endlessBytesOffered", endless.bytesWritten());
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("CAS_BACKEND_CREDENTIALS_INVALID", reply.code());
        assertTrue(reply.json().getString("detail").contains("too large"), reply.toString());
        assertEquals(200, api.get("/health/ready", null).status(), "the instance is fine");
    }

    @Test
    @Order(3)
    void anAllowListEntryForOneOrganizationOpensTheHostToItAlone() {
        api.createOrg(ALLOWED);
        api.createOrg(OTHER);
        String location = "127.0.0.1:" + ALLOWED_FOR_ONE_PORT + "/team/repo";
        int before = allowedForOne.log().uploadChecks().size();
        Api.Reply refused = api.post("api/v1/orgs/" + OTHER + "/cas-backends", ADMIN_TOKEN, obj("name", "r",
                "provider", "OCI", "location", location, "credentials", obj("username", USER, "password", PASSWORD)));
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.json().getString("detail").contains("refused"), refused.toString());
        assertEquals(before, allowedForOne.log().uploadChecks().size(), "nothing reached it for the other org");
        Api.Reply allowed = api.post("api/v1/orgs/" + ALLOWED + "/cas-backends", ADMIN_TOKEN, obj("name", "r",
                "provider", "OCI", "location", location, "credentials", obj("username", USER, "password", PASSWORD)));
        assertEquals(201, allowed.status(), allowed.toString());
        assertEquals("OK", allowed.json().getString("validationStatus"));
    }

    @Test
    @Order(4)
    void aRegistryBehindACaFromTheTrustedCaFileValidates() {
        String org = api.createOrg(Api.unique("private-ca"));
        Api.Reply created = api.post("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN, obj("name", "harbor",
                "provider", "OCI", "location", "localhost:" + TLS_PORT + "/team/repo",
                "credentials", obj("username", USER, "password", PASSWORD)));
        assertEquals(201, created.status(), created.toString());
        assertEquals("OK", created.json().getString("validationStatus"));
        assertTrue(tls.log().uploadChecks().stream().anyMatch(c -> c.status() == 202), "over TLS, for real");
    }

    @Test
    @Order(5)
    void oneOrganizationsBackendsOnADrippingServerDoNotKeepOthersOutOfTheirSlot() throws Exception {
        String crowded = api.createOrg(Api.unique("crowd"));
        for (int i = 0; i < 24; i++) { // created while the server still answers
            api.createOci(crowded, "c" + i, crowd.location("crowd/repo"), USER, PASSWORD, false, false);
        }
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String org = api.createOrg(Api.unique("others" + i));
            api.createOci(org, "a", "127.0.0.1:" + REGISTRY_PORT + "/others/a" + i, USER, PASSWORD, false, false);
            api.createOci(org, "b", "127.0.0.1:" + REGISTRY_PORT + "/others/b" + i, USER, PASSWORD, false, false);
            others.add(org);
        }
        crowd.misbehave(Misbehaviour.DRIPPING_HEADERS, Step.PING);
        OffsetDateTime since = OffsetDateTime.parse(Database.rows("select to_char(clock_timestamp() at time zone 'utc',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").get(0).get(0));
        Database.execute("update checker_scope set last_run_started_at = clock_timestamp() - interval '2 hours'"
                + " where scope = 'all'");
        // 24 dripping validations at 4 in flight would take 18 s, past the 8 s the tick may run: the
        // others' 8 must not wait behind them
        waitFor(Duration.ofSeconds(40), () -> !Database.rows("select 1 from checker_tick where scope = 'all'"
                + " and started_at > '" + since + "' and outcome is not null").isEmpty());
        List<String> tick = Database.rows("select started_at at time zone 'utc', outcome, backends_checked"
                + " from checker_tick where scope = 'all' and started_at > '" + since + "' order by started_at limit 1")
                .get(0);
        observe("crowdTick", tick);
        int othersInSlot = 0;
        for (String org : others) {
            for (Api.Reply backend : List.of(api.get("api/v1/orgs/" + org + "/cas-backends/a", ADMIN_TOKEN),
                    api.get("api/v1/orgs/" + org + "/cas-backends/b", ADMIN_TOKEN))) {
                OffsetDateTime validated = OffsetDateTime.parse(backend.json().getString("validatedAt"));
                if (validated.isAfter(since) && backend.json().getString("validationStatus").equals("OK")) {
                    othersInSlot++;
                }
            }
        }
        observe("othersValidatedInTheTick", othersInSlot + " of 8");
        assertEquals(8, othersInSlot, "every other organization's backend was validated in this tick: " + tick);
    }
}
