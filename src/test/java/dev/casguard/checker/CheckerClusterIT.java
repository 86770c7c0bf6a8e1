package dev.casguard.checker;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static dev.casguard.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.RegistryLog.UploadCheck;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.SilentServer;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.TestPorts;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real Payara Micro instances, started at staggered moments on one PostgreSQL, checking OCI
 * backends on a real registry. The registry's own access log is the judge of how often each
 * backend was checked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckerClusterIT {

    private static final Duration INTERVAL = Duration.ofSeconds(20);
    private static final int REGISTRY_PORT = TestPorts.port("checker.registry");
    private static final int SLOW_PORT = TestPorts.port("checker.slow");
    private static final List<Integer> INSTANCE_PORTS = TestPorts.range("checker.instances");
    private static final String ORG = Api.unique("cluster");

    private static RegistryServer registry;
    private static final List<CasguardInstance> instances = new ArrayList<>();
    private static Instant allRunning;
    private static SilentServer silent;

    @BeforeAll
    static void startCluster() throws Exception {
        Database.retireEveryOrganization();
        registry = RegistryServer.basic(REGISTRY_PORT, "checker", "pw-one");
        Map<String, String> settings = CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", INTERVAL.toString(),
                "CASGUARD_CHECKER_ALL_INTERVAL", "PT24H",
                "CASGUARD_CHECKER_VALIDATION_TIMEOUT", "PT10S",
                "CASGUARD_CHECKER_MAX_TICK_DURATION", "PT3S",
                "CASGUARD_CHECKER_UNLOCK_TIMEOUT", "PT2S",
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + REGISTRY_PORT + ",127.0.0.1:" + SLOW_PORT);
        CasguardInstance first = CasguardInstance.launch("checker-a", INSTANCE_PORTS.get(0), settings)
                .awaitReady(Duration.ofMinutes(3));
        instances.add(first);
        Database.execute("update checker_scope set last_run_started_at = clock_timestamp() where scope = 'all'");

        Api api = first.api();
        api.createOrg(ORG);
        api.createOci(ORG, "b-default", "127.0.0.1:" + REGISTRY_PORT + "/cluster/default",
                "checker", "pw-one", true, false);
        api.createOci(ORG, "b-fallback", "127.0.0.1:" + REGISTRY_PORT + "/cluster/fallback",
                "checker", "pw-one", false, true);
        api.createOci(ORG, "b-plain", "127.0.0.1:" + REGISTRY_PORT + "/cluster/plain",
                "checker", "pw-one", false, false);

        // The others start later, at moments unrelated to the first one's timers.
        Thread.sleep(7_000);
        CasguardInstance second = CasguardInstance.launch("checker-b", INSTANCE_PORTS.get(1), settings);
        Thread.sleep(7_000);
        CasguardInstance third = CasguardInstance.launch("checker-c", INSTANCE_PORTS.get(2), settings);
        instances.add(second.awaitReady(Duration.ofMinutes(5)));
        instances.add(third.awaitReady(Duration.ofMinutes(5)));
        allRunning = Instant.now();
    }

    /** From test 3 on, a second organization's default sits on a provider that never answers. */
    private static void addSilentProvider() throws Exception {
        if (silent != null) {
            return;
        }
        Api api = instances.get(0).api();
        silent = SilentServer.ociDefaultBackend(api, api.createOrg(Api.unique("cluster-slow")), "slow", SLOW_PORT,
                "cluster/slow", "checker", "pw-one");
    }

    @org.junit.jupiter.api.BeforeEach
    void silentProviderFromTestThreeOn(org.junit.jupiter.api.TestInfo test) throws Exception {
        Order order = test.getTestMethod().orElseThrow().getAnnotation(Order.class);
        if (order.value() >= 3 && order.value() <= 6) {
            addSilentProvider();
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Teardown.close(instances, silent, registry);
    }

    @Test
    @Order(1)
    void everyDefaultsBackendIsCheckedOncePerIntervalAcrossTheCluster() throws Exception {
        Instant from = nextSlotStart(allRunning);
        int slots = 5;
        Instant to = from.plus(INTERVAL.multipliedBy(slots));
        sleepUntil(to.plusSeconds(8)); // a tick may start up to one heartbeat into its slot

        List<UploadCheck> checks = registry.log().uploadChecks();
        for (int slot = 0; slot < slots; slot++) {
            Instant start = from.plus(INTERVAL.multipliedBy(slot));
            Instant end = start.plus(INTERVAL);
            assertEquals(1, count(checks, "cluster/default", start, end), "default backend in slot " + start);
            assertEquals(1, count(checks, "cluster/fallback", start, end), "fallback backend in slot " + start);
        }
        assertEquals(0, count(checks, "cluster/plain", from, to), "the defaults scope leaves other backends alone");

        List<List<String>> ticks = Database.rows("select instance, outcome from checker_tick where scope = 'defaults'"
                + " and started_at >= '" + from + "' and started_at < '" + to + "' order by started_at");
        assertEquals(slots, ticks.size(), "one tick per slot: " + ticks);
        ticks.forEach(tick -> assertEquals("completed", tick.get(1)));
        System.out.println("[checker] ticks per slot ran on: " + ticks.stream().map(t -> t.get(0)).toList());
    }

    @Test
    @Order(2)
    void aLockHeldElsewhereMakesEveryInstanceSkipUntilReleased() throws Exception {
        try (Connection holder = Database.connect(); Statement lock = holder.createStatement()) {
            lock.execute("select pg_advisory_lock(72657, 1)");
            Instant held = Instant.now();
            Instant slotAfter = nextSlotStart(held);
            sleepUntil(slotAfter.plusSeconds(12));
            assertEquals(0, count(registry.log().uploadChecks(), "cluster/default", slotAfter, Instant.now()),
                    "no instance checks while another session holds the scope's lock");
            lock.execute("select pg_advisory_unlock(72657, 1)");
        }
        Instant released = Instant.now();
        waitFor(Duration.ofSeconds(15), () ->
                count(registry.log().uploadChecks(), "cluster/default", released, Instant.now().plusSeconds(1)) == 1);
        double skips = instances.stream().mapToDouble(i -> i.metric("casguard_checker_skips_total",
                "reason=\"lock-held\",scope=\"defaults\"")).sum();
        assertTrue(skips >= 2, "lock-held skips are counted, saw " + skips);
    }

    @Test
    @Order(3)
    void aSilentProviderEndsTheTickAtItsTimeoutAndReleasesTheLock() throws Exception {
        Instant since = Instant.now();
        waitFor(Duration.ofSeconds(40), () -> !ticksSince(since, "outcome = 'timed-out'").isEmpty());
        List<String> tick = Database.rows("select extract(epoch from finished_at - started_at), instance"
                + " from checker_tick where scope = 'defaults' and outcome = 'timed-out'"
                + " and started_at > '" + since + "' order by started_at desc limit 1").get(0);
        double seconds = Double.parseDouble(tick.get(0));
        assertTrue(seconds >= 2.8 && seconds < 4.5,
                "ends at max-tick-duration (3 s), not at the provider's 5 s connect timeout: " + seconds);
        assertTrue(silent.accepted() >= 1, "the silent provider was really contacted");
        waitFor(Duration.ofSeconds(3), () -> Database.rows("select 1 from pg_locks where locktype = 'advisory'"
                + " and classid = 72657 and objid = 1").isEmpty());
    }

    @Test
    @Order(4)
    void losingTheLockMidTickStopsTheTickAndLeavesTheSlotDue() throws Exception {
        Instant since = Instant.now();
        waitFor(Duration.ofSeconds(40), () -> !ticksSince(since, "outcome is null").isEmpty());
        // PostgreSQL ends the holder's session, as a restart or a cut connection would.
        Database.rows("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                + " and classid = 72657 and objid = 1");
        Instant terminated = Instant.now();
        waitFor(Duration.ofSeconds(20), () -> !ticksSince(since, "outcome = 'lock-lost'").isEmpty());
        List<String> lost = ticksSince(since, "outcome = 'lock-lost'").get(0);
        // The tick checks its deadline before it probes the lock, so lock-lost itself says it stopped
        // at a probe before max-tick-duration (3 s); the recorded duration also holds the writing of
        // the tick's end, which on a busy 2-core machine has taken a few milliseconds past 3 s.
        assertEquals("lock-lost", lost.get(1), "stopped at the next probe: " + lost);
        assertTrue(Double.parseDouble(lost.get(2)) < 3.5, "stopped at the next probe, before max-tick-duration: " + lost);
        waitFor(Duration.ofSeconds(15), () -> count(registry.log().uploadChecks(), "cluster/default", terminated,
                Instant.now().plusSeconds(1)) >= 1);
    }

    @Test
    @Order(5)
    void anUnlockThatDoesNotAnswerDiscardsTheConnection() throws Exception {
        Instant since = Instant.now();
        waitFor(Duration.ofSeconds(40), () -> !ticksSince(since, "outcome is null").isEmpty());
        String holder = ticksSince(since, "outcome is null").get(0).get(0);
        String pid = Database.rows("select pid from pg_locks where locktype = 'advisory' and classid = 72657"
                + " and objid = 1").get(0).get(0);
        CasguardInstance instance = instances.stream().filter(i -> i.name().equals(holder)).findFirst().orElseThrow();
        int discardsBefore = occurrences(instance.log(), "discarding its connection");
        // Freeze the PostgreSQL backend serving the lock session: probes and the unlock go unanswered.
        signal("STOP", pid);
        try {
            waitFor(Duration.ofSeconds(30),
                    () -> occurrences(instance.log(), "discarding its connection") > discardsBefore);
            assertEquals("lock-lost", ticksSince(since, "true").get(0).get(1));
        } finally {
            signal("CONT", pid);
        }
        // The discarded connection's session ends as soon as its backend runs again: the lock goes with it.
        waitFor(Duration.ofSeconds(10), () -> Database.rows("select 1 from pg_locks where locktype = 'advisory'"
                + " and classid = 72657 and pid = " + pid).isEmpty());
        Instant thawed = Instant.now();
        waitFor(Duration.ofSeconds(20), () -> count(registry.log().uploadChecks(), "cluster/default", thawed,
                Instant.now().plusSeconds(1)) >= 1);
    }

    @Test
    @Order(6)
    void aKilledTickIsCoveredByAnotherInstanceWithinItsSlot() throws Exception {
        Instant beforeKill = Instant.now();
        waitFor(Duration.ofSeconds(40), () -> !ticksSince(beforeKill, "outcome is null").isEmpty());
        String runner = ticksSince(beforeKill, "outcome is null").get(0).get(0);
        CasguardInstance victim = instances.stream().filter(i -> i.name().equals(runner)).findFirst().orElseThrow();
        Instant killedAt = Instant.now();
        victim.kill();
        instances.remove(victim);
        System.out.println("[checker] SIGKILLed " + runner + " mid-tick at " + killedAt);

        waitFor(Duration.ofSeconds(20), () -> count(registry.log().uploadChecks(), "cluster/default",
                killedAt, Instant.now().plusSeconds(1)) >= 1);
        waitFor(Duration.ofSeconds(20), () -> ticksSince(beforeKill, "true").size() >= 2);
        List<List<String>> after = ticksSince(beforeKill, "true");
        assertEquals("lock-lost", after.get(0).get(1), "the killed instance's tick is closed as lock-lost: " + after);
        assertNotEquals(runner, after.get(1).get(0), "another instance ran the next tick: " + after);
        Instant replacement = Instant.parse(after.get(1).get(3));
        assertTrue(replacement.isBefore(slotStart(killedAt).plus(INTERVAL)),
                "the replacement started within the slot the killed tick left unfinished: " + after);
    }

    @Test
    @Order(7)
    void aCleanStopLeavesNoAdvisoryLockBehind() {
        instances.forEach(CasguardInstance::close);
        instances.clear();
        assertEquals(List.of(), Database.rows("select pid from pg_locks where locktype = 'advisory' and classid = 72657"));
    }

    // --- helpers ---

    /** Defaults ticks started after {@code since} matching {@code condition}: instance, outcome, seconds, start. */
    private static List<List<String>> ticksSince(Instant since, String condition) {
        return Database.rows("select instance, outcome, coalesce(extract(epoch from finished_at - started_at), -1),"
                + " to_char(started_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                + " from checker_tick where scope = 'defaults' and started_at > '" + since + "' and " + condition
                + " order by started_at");
    }

    private static int occurrences(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    private static void signal(String signal, String pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor());
    }

    /** Accepted checks of a repository in [from, to); the access log keeps whole seconds. */
    static long count(List<UploadCheck> checks, String repository, Instant from, Instant to) {
        Instant since = from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return checks.stream().filter(c -> c.repository().equals(repository) && c.status() == 202)
                .filter(c -> !c.at().isBefore(since) && c.at().isBefore(to)).count();
    }

    static Instant slotStart(Instant at) {
        long millis = INTERVAL.toMillis();
        return Instant.ofEpochMilli(at.toEpochMilli() / millis * millis);
    }

    static Instant nextSlotStart(Instant at) {
        return slotStart(at).plus(INTERVAL);
    }


    static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

}
