package dev.casguard.faults;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static dev.casguard.testing.Eventually.waitFor;
import static dev.casguard.testing.FaultReport.observe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.FaultReport;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.SilentServer;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.TestPorts;
import dev.casguard.testing.ThrowawayPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three real instances on a PostgreSQL of this class's own, checking a real registry and a
 * provider that never answers (so every tick lasts one validation timeout and can be hit
 * mid-way). The instance holding the lock is killed; PostgreSQL is restarted under a tick and
 * under request traffic; the holder is stopped as a rolling restart would.
 */
@Tag("fault")
@Tag("slow")
@ExtendWith(FaultReport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {

    private static final Duration INTERVAL = Duration.ofSeconds(20);
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final int REGISTRY_PORT = TestPorts.port("cluster-faults.registry");
    private static final int SILENT_PORT = TestPorts.port("cluster-faults.silent");
    private static final String ORG = Api.unique("cluster-faults");

    private static final ThrowawayPostgres postgres = new ThrowawayPostgres("faults-postgres",
            TestPorts.port("cluster-faults.postgres"));
    private static RegistryServer registry;
    private static SilentServer silent;
    private static final List<CasguardInstance> instances = new ArrayList<>();
    private static String orgToken;

    @BeforeAll
    static void startCluster() throws Exception {
        Map<String, String> settings = new HashMap<>(postgres.start().settings());
        settings.putAll(CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", INTERVAL.toString(),
                "CASGUARD_CHECKER_VALIDATION_TIMEOUT", "PT5S",
                "CASGUARD_CHECKER_MAX_TICK_DURATION", "PT12S",
                "CASGUARD_CHECKER_UNLOCK_TIMEOUT", "PT2S",
                "CASGUARD_REQUEST_PATH_REVALIDATION_WINDOW", "PT5M",
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS",
                "127.0.0.1:" + REGISTRY_PORT + ",127.0.0.1:" + SILENT_PORT));
        registry = RegistryServer.basic(REGISTRY_PORT, "faults", "pw-faults");
        instances.addAll(CasguardInstance.launchAll(List.of("fault-a", "fault-b", "fault-c"),
                TestPorts.range("cluster-faults.instances"), settings));
        postgres.rows("update checker_scope set last_run_started_at = clock_timestamp() where scope = 'all'"
                + " returning scope");

        Api api = instances.get(0).api();
        api.createOrg(ORG);
        orgToken = api.mintToken(ORG, "traffic");
        api.createOci(ORG, "primary", "127.0.0.1:" + REGISTRY_PORT + "/faults/primary",
                "faults", "pw-faults", true, false);
        api.createOci(ORG, "secondary", "127.0.0.1:" + REGISTRY_PORT + "/faults/secondary",
                "faults", "pw-faults", false, true);
        silent = SilentServer.ociDefaultBackend(api, api.createOrg(Api.unique("cluster-faults-silent")), "silent",
                SILENT_PORT, "faults/silent", "faults", "pw-faults");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Teardown.close(instances, silent, registry, postgres);
    }

    @Test
    @Order(1)
    void killingTheLockHolderMidTickHandsTheScopeToAnotherInstanceWithinOneHeartbeat() throws Exception {
        List<String> open = awaitOpenTick(Instant.now());
        String tickId = open.get(0);
        String holder = open.get(1);
        Instant tickStart = Instant.parse(open.get(2));
        // The registry answers in milliseconds: the healthy backends are recorded before the kill,
        // while the silent one is still in flight.
        waitFor(Duration.ofSeconds(3), () -> validatedSince("primary", tickStart) && validatedSince("secondary", tickStart));
        String primaryValidatedAt = validatedAt("primary");
        String secondaryValidatedAt = validatedAt("secondary");
        int silentConnectionsBefore = silent.accepted();

        CasguardInstance victim = instance(holder);
        Instant killedAt = Instant.now();
        victim.kill();
        instances.remove(victim);
        waitFor(Duration.ofSeconds(10), () -> advisoryLocks().isEmpty());
        Instant freedAt = Instant.now();

        waitFor(HEARTBEAT.plusSeconds(10), () -> !ticksAfter(tickStart).isEmpty());
        List<String> replacement = ticksAfter(tickStart).get(0);
        Instant replacementStart = Instant.parse(replacement.get(2));
        double afterFree = Duration.between(freedAt, replacementStart).toMillis() / 1000.0;
        observe("killed", holder);
        observe("sessionFreedAfterKillS", seconds(killedAt, freedAt));
        observe("replacementBy", replacement.get(1));
        observe("replacementAfterFreeS", String.format("%.2f", afterFree));

        assertNotEquals(holder, replacement.get(1), "another instance took over");
        assertTrue(afterFree <= HEARTBEAT.toSeconds() + 1.0, "within one heartbeat of the freed session: " + afterFree);
        assertEquals(slotOf(tickStart), slotOf(replacementStart),
                "the replacement ran in the killed tick's own slot: no interval lost");

        waitFor(Duration.ofSeconds(20), () -> "completed".equals(tick(replacement.get(0)).get(3)));
        List<String> killed = tick(tickId);
        observe("killedTickOutcome", killed.get(3));
        observe("replacementOutcome", "completed");
        assertEquals("lock-lost", killed.get(3), "the dead instance's tick is closed as lock-lost");
        // resumed, not restarted: what the killed tick validated in this slot is not checked again;
        // only the validation in flight at the kill (the silent provider's) is
        int checkedTwice = (validatedAt("primary").equals(primaryValidatedAt) ? 0 : 1)
                + (validatedAt("secondary").equals(secondaryValidatedAt) ? 0 : 1);
        String replacementChecked = postgres.rows("select backends_checked from checker_tick where id = '"
                + replacement.get(0) + "'").get(0).get(0);
        observe("checkedTwiceInSlot", checkedTwice);
        observe("inFlightAtKillCheckedAgain", silent.accepted() > silentConnectionsBefore ? 1 : 0);
        observe("replacementBackendsChecked", replacementChecked);
        assertEquals(0, checkedTwice, "the results written before the kill are kept, and not checked again in the slot");
        assertEquals("1", replacementChecked, "the replacement checked only the backend left: the one in flight");
    }

    @Test
    @Order(2)
    void restartingPostgresUnderATickAndTrafficAnswers503ThenRecoversWithoutLeakingTheLock() throws Exception {
        List<Long> pidsBefore = instances.stream().map(CasguardInstance::pid).toList();
        try (RequestTraffic traffic = RequestTraffic.start(instances, ORG, orgToken)) {
            Thread.sleep(2_000);
            List<String> open = awaitOpenTick(Instant.now());
            String tickId = open.get(0);
            Instant downAt = Instant.now();
            postgres.stop();
            Thread.sleep(8_000);
            Instant upAt = Instant.now();
            postgres.start();

            waitFor(Duration.ofSeconds(60), () -> traffic.allReadySince(upAt) && traffic.okSince(upAt, 3));
            Instant recoveredAt = Instant.now();
            waitFor(Duration.ofSeconds(60), () -> !completedTicksAfter(upAt).isEmpty());
            List<String> next = completedTicksAfter(upAt).get(0);
            Thread.sleep(1_000);
            Map<String, Long> outcomes = traffic.stop();

            List<String> interrupted = tick(tickId);
            observe("downForS", seconds(downAt, upAt));
            observe("requests", outcomes.values().stream().mapToLong(Long::longValue).sum());
            observe("byOutcome", new TreeMap<>(outcomes));
            observe("readinessDownSeen", traffic.readinessDownDuring(downAt, upAt));
            observe("recoveredAfterUpS", seconds(upAt, recoveredAt));
            observe("interruptedTick", interrupted.get(3));
            observe("nextTickBy", next.get(1));
            observe("advisoryLocksAfterNextTick", advisoryLocks().size());

            assertEquals(0L, outcomes.entrySet().stream().filter(e -> !e.getKey().equals("200")
                    && !e.getKey().equals("503 UNAVAILABLE")).mapToLong(Map.Entry::getValue).sum(),
                    "only 200 or 503 UNAVAILABLE problem+json: " + outcomes);
            assertTrue(outcomes.getOrDefault("503 UNAVAILABLE", 0L) > 0, "503 while the database was down");
            assertEquals(instances.size(), traffic.readinessDownDuring(downAt, upAt), "every instance went unready");
            assertEquals("lock-lost", interrupted.get(3), "the tick under the restart ends lock-lost");
            assertEquals(pidsBefore, instances.stream().map(CasguardInstance::pid).toList(), "no restarts");
            assertTrue(instances.stream().allMatch(CasguardInstance::alive), "no crash");
            waitFor(Duration.ofSeconds(5), () -> advisoryLocks().isEmpty());
        }
    }

    @Test
    @Order(3)
    void stoppingTheLockHolderForARollingRestartHandsTheSlotOver() throws Exception {
        List<String> open = awaitOpenTick(Instant.now());
        String tickId = open.get(0);
        Instant tickStart = Instant.parse(open.get(2));
        CasguardInstance stopped = instance(open.get(1));
        Instant stopAt = Instant.now();
        stopped.close(); // SIGTERM, as a rolling restart sends
        Instant exitedAt = Instant.now();
        instances.remove(stopped);
        waitFor(Duration.ofSeconds(3), () -> advisoryLocks().isEmpty());

        waitFor(HEARTBEAT.plusSeconds(10), () -> !ticksAfter(tickStart).isEmpty());
        List<String> replacement = ticksAfter(tickStart).get(0);
        waitFor(Duration.ofSeconds(20), () -> "completed".equals(tick(replacement.get(0)).get(3)));
        observe("stopped", stopped.name());
        observe("exitAfterStopS", seconds(stopAt, exitedAt));
        observe("replacementBy", replacement.get(1));
        observe("replacementAfterExitS", seconds(exitedAt, Instant.parse(replacement.get(2))));
        observe("stoppedTickOutcome", tick(tickId).get(3));
        assertNotEquals(stopped.name(), replacement.get(1));
        assertEquals(slotOf(tickStart), slotOf(Instant.parse(replacement.get(2))), "same slot: no interval lost");
        assertTrue(Duration.between(exitedAt, Instant.parse(replacement.get(2))).toMillis()
                <= HEARTBEAT.plusSeconds(1).toMillis(), "within one heartbeat of the exit");
        assertEquals("lock-lost", tick(tickId).get(3), "the stopped instance's tick is closed as lock-lost");
    }

    // --- helpers ---

    private static List<String> awaitOpenTick(Instant since) throws InterruptedException {
        waitFor(INTERVAL.plusSeconds(15), () -> !openTicks(since).isEmpty());
        return openTicks(since).get(0);
    }

    /** Defaults ticks: id, instance, start, outcome. */
    private static final String TICK_COLUMNS = "select id, instance,"
            + " to_char(started_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), outcome from checker_tick";

    private static List<List<String>> openTicks(Instant since) {
        return postgres.rows(TICK_COLUMNS + " where scope = 'defaults' and outcome is null and started_at > '"
                + since + "' order by started_at");
    }

    private static List<List<String>> ticksAfter(Instant start) {
        return postgres.rows(TICK_COLUMNS + " where scope = 'defaults' and started_at > '" + start
                + "' order by started_at");
    }

    private static List<List<String>> completedTicksAfter(Instant since) {
        return postgres.rows(TICK_COLUMNS + " where scope = 'defaults' and outcome = 'completed' and started_at > '"
                + since + "' order by started_at");
    }

    private static List<String> tick(String id) {
        return postgres.rows(TICK_COLUMNS + " where id = '" + id + "'").get(0);
    }

    private static List<List<String>> advisoryLocks() {
        return postgres.rows("select pid from pg_locks where locktype = 'advisory' and classid = 72657");
    }

    private static String validatedAt(String backend) {
        return postgres.rows("select to_char(validated_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                + " from cas_backend where name = '" + backend + "' and deleted_at is null order by created_at desc"
                + " limit 1").get(0).get(0);
    }

    private static boolean validatedSince(String backend, Instant since) {
        String at = validatedAt(backend);
        return at != null && !Instant.parse(at).isBefore(since);
    }

    private static CasguardInstance instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    private static long slotOf(Instant at) {
        return at.toEpochMilli() / INTERVAL.toMillis();
    }

    private static String seconds(Instant from, Instant to) {
        return String.format("%.2f", Duration.between(from, to).toMillis() / 1000.0);
    }

}
