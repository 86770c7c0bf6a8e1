package dev.casguard.checker;

import static dev.casguard.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.ScriptedRegistry;
import dev.casguard.testing.TestPorts;
import dev.casguard.testing.Teardown;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checker paces each provider server: 24 backends of three organizations on one registry,
 * whose upload openings take 400 ms, and a tick that may run 16 validations at once but only 3 to
 * one server. The registry itself counts what it had in flight.
 */
class CheckerPacingIT {

    private static final int REGISTRY_PORT = TestPorts.port("pacing.registry");
    private static final int PER_HOST = 3;

    private static ScriptedRegistry registry;
    private static CasguardInstance instance;

    @BeforeAll
    static void start() throws Exception {
        Database.retireEveryOrganization();
        registry = new ScriptedRegistry(REGISTRY_PORT, Duration.ZERO, ScriptedRegistry.Answer.ACCEPTED);
        instance = CasguardInstance.launch("pacing-a", TestPorts.port("pacing.instance"), CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", "PT1H",
                "CASGUARD_CHECKER_ALL_INTERVAL", "PT10S",
                "CASGUARD_CHECKER_PARALLELISM", "16",
                "CASGUARD_CHECKER_PER_HOST_PARALLELISM", String.valueOf(PER_HOST),
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + REGISTRY_PORT),
                CasguardInstance.UNCLUSTERED).awaitReady(Duration.ofMinutes(3));
        Api api = instance.api();
        for (int org = 0; org < 3; org++) {
            String name = api.createOrg(Api.unique("pacing"));
            for (int i = 0; i < 8; i++) {
                api.createOci(name, "b" + i, registry.location("pacing/r" + i), "u", "p", false, false);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.close(instance, registry);
    }

    @Test
    void oneRegistryNeverSeesMoreThanThePerHostCapInFlight() throws Exception {
        registry.answerUploadsAfter(Duration.ofMillis(400));
        Instant since = Instant.now();
        waitFor(Duration.ofSeconds(60), () -> !Database.rows("select id from checker_tick where scope = 'all'"
                + " and outcome = 'completed' and backends_checked = 24 and started_at > '" + since + "'").isEmpty());
        assertTrue(registry.uploadsOpened() >= 24, "the tick checked every backend: " + registry.uploadsOpened());
        assertEquals(PER_HOST, registry.mostInFlight(), "at most the cap in flight, and the cap used");
    }
}
