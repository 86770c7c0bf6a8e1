package dev.casguard.faults;

import static dev.casguard.testing.Eventually.waitFor;
import static dev.casguard.testing.FaultReport.observe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.FaultReport;
import dev.casguard.testing.ScriptedRegistry;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.TestPorts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGKILL of the instance running an {@code all} tick over 1,000 backends, a third of the way in:
 * the instance that takes the slot over resumes it, so the registry (which counts every upload
 * opening per repository) sees no backend checked twice beyond the validations in flight at the
 * kill, at most the per-host cap.
 */
@Tag("fault")
@Tag("slow")
@ExtendWith(FaultReport.class)
class SlotResumeFaultIT {

    private static final int BACKENDS = 1000;
    private static final int PER_HOST = 8;
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int REGISTRY_PORT = TestPorts.port("resume.registry");

    private static ScriptedRegistry registry;
    private static final List<CasguardInstance> instances = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Database.retireEveryOrganization();
        registry = new ScriptedRegistry(REGISTRY_PORT, Duration.ZERO, ScriptedRegistry.Answer.ACCEPTED);
        instances.addAll(CasguardInstance.launchAll(List.of("resume-a", "resume-b"), TestPorts.range("resume.instances"),
                CasguardInstance.settings(
                        "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                        "CASGUARD_CHECKER_DEFAULTS_INTERVAL", "PT1H",
                        "CASGUARD_CHECKER_ALL_INTERVAL", INTERVAL.toString(),
                        "CASGUARD_CHECKER_MAX_TICK_DURATION", "PT50S",
                        "CASGUARD_CHECKER_PARALLELISM", "16",
                        "CASGUARD_CHECKER_PER_HOST_PARALLELISM", String.valueOf(PER_HOST),
                        "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + REGISTRY_PORT)));
        Api api = instances.get(0).api();
        for (int org = 0; org < 10; org++) {
            String name = api.createOrg(Api.unique("resume"));
            for (int i = 0; i < BACKENDS / 10; i++) {
                api.createOci(name, "b" + i, registry.location("resume/o" + org + "b" + i), "u", "p", false, false);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.close(instances, registry);
    }

    @Test
    void aKilledHoldersSlotIsResumedNotCheckedAgain() throws Exception {
        // no tick of an earlier slot may still be adding to the counts
        waitFor(INTERVAL, () -> openTick(Instant.EPOCH).isEmpty());
        // 100 ms an upload opening, 8 at a time: the tick takes about 12 s, long enough to kill it mid-way
        registry.answerUploadsAfter(Duration.ofMillis(100));
        Instant since = Instant.now();
        waitFor(INTERVAL.plusSeconds(15), () -> !openTick(since).isEmpty());
        List<String> tick = openTick(since).get(0);
        waitFor(Duration.ofSeconds(30), () -> registry.uploadsOpened() >= BACKENDS / 3);
        CasguardInstance holder = instances.stream().filter(i -> i.name().equals(tick.get(1))).findFirst().orElseThrow();
        holder.kill();
        int openedAtKill = registry.uploadsOpened();
        instances.remove(holder);

        waitFor(Duration.ofSeconds(60), () -> !Database.rows("select id from checker_tick where scope = 'all'"
                + " and outcome = 'completed' and started_at > '" + tick.get(2) + "'").isEmpty());
        List<String> replacement = Database.rows("select instance, backends_checked,"
                + " floor(extract(epoch from started_at) / " + INTERVAL.toSeconds() + ") = floor(extract(epoch from '"
                + tick.get(2) + "'::timestamptz) / " + INTERVAL.toSeconds() + ")"
                + " from checker_tick where scope = 'all' and outcome = 'completed' and started_at > '" + tick.get(2)
                + "' order by started_at limit 1").get(0);
        Map<String, Integer> uploads = registry.uploadsByRepository();
        long checkedTwice = uploads.values().stream().filter(n -> n > 1).count();
        observe("backends", BACKENDS);
        observe("checkedByKilledTickBeforeKill", openedAtKill);
        observe("replacementBy", replacement.get(0));
        observe("replacementBackendsChecked", replacement.get(1));
        observe("sameSlot", replacement.get(2));
        observe("backendsChecked", uploads.size());
        observe("checkedTwiceInSlot", checkedTwice);
        assertEquals("t", replacement.get(2), "the replacement ran in the killed tick's slot");
        assertEquals(BACKENDS, uploads.size(), "every backend was checked in the slot");
        assertTrue(checkedTwice <= PER_HOST, "only the validations in flight at the kill are checked twice: " + checkedTwice);
        assertTrue(Integer.parseInt(replacement.get(1)) < BACKENDS - openedAtKill + PER_HOST + 1,
                "the replacement checked only what was left: " + replacement.get(1));
    }

    private static List<List<String>> openTick(Instant since) {
        return Database.rows("select id, instance, started_at from checker_tick where scope = 'all'"
                + " and outcome is null and started_at > '" + since + "' order by started_at");
    }
}
