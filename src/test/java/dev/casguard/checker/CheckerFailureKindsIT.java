package dev.casguard.checker;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.ScriptedRegistry;
import dev.casguard.testing.ScriptedRegistry.Answer;
import dev.casguard.testing.TestPorts;
import dev.casguard.testing.Teardown;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one 'all' tick of a real instance makes of its providers' failures: three backends, each
 * on its own scripted registry, all OK when created; then one registry blips (503 with
 * {@code Retry-After: 1}, once), one refuses the credentials (401), one stops answering upload
 * openings. The validation timeout is 3 s so that the silent one's three tries end soon.
 */
class CheckerFailureKindsIT {

    private static final List<Integer> REGISTRY_PORTS = TestPorts.range("failures.registries");

    private static ScriptedRegistry blipping;
    private static ScriptedRegistry denying;
    private static ScriptedRegistry silent;
    private static CasguardInstance instance;
    private static String org;

    @BeforeAll
    static void start() throws Exception {
        Database.retireEveryOrganization();
        blipping = new ScriptedRegistry(REGISTRY_PORTS.get(0), Duration.ZERO, Answer.ACCEPTED);
        denying = new ScriptedRegistry(REGISTRY_PORTS.get(1), Duration.ZERO, Answer.ACCEPTED);
        silent = new ScriptedRegistry(REGISTRY_PORTS.get(2), Duration.ZERO, Answer.ACCEPTED);
        instance = CasguardInstance.launch("failures-a", TestPorts.port("failures.instance"), CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", "PT1H",
                "CASGUARD_CHECKER_ALL_INTERVAL", "PT1H",
                "CASGUARD_CHECKER_VALIDATION_TIMEOUT", "PT3S",
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", REGISTRY_PORTS.stream()
                        .map(port -> "127.0.0.1:" + port).reduce((a, b) -> a + "," + b).orElseThrow()),
                CasguardInstance.UNCLUSTERED).awaitReady(Duration.ofMinutes(3));
        Api api = instance.api();
        org = api.createOrg(Api.unique("failures"));
        api.createOci(org, "blipping", blipping.location("failures/blipping"), "u", "p", false, false);
        api.createOci(org, "denying", denying.location("failures/denying"), "u", "p", false, false);
        api.createOci(org, "silent", silent.location("failures/silent"), "u", "p", false, false);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.close(instance, blipping, denying, silent);
    }

    @Test
    void aBlipLeavesOkDeniedIsInvalidAtOnceSilenceEndsTimeout() throws Exception {
        blipping.answerUploadsAfter(Duration.ZERO);
        blipping.script(Answer.of(503, "Retry-After", "1"));
        denying.answerUploadsAfter(Duration.ZERO);
        denying.script(Answer.of(401), Answer.of(401), Answer.of(401));
        silent.answerUploadsAfter(Duration.ofSeconds(60));

        Instant since = Instant.now();
        // the first heartbeat ran the scope before these backends existed: make it due once more
        Database.execute("update checker_scope set last_run_started_at = clock_timestamp() - interval '2 hours'"
                + " where scope = 'all'");
        waitFor(Duration.ofSeconds(60), () -> !Database.rows("select id from checker_tick where scope = 'all'"
                + " and outcome = 'completed' and backends_checked = 3 and started_at > '" + since + "'").isEmpty());

        JsonObject blip = backend("blipping");
        assertEquals("OK", blip.getString("validationStatus"), blip.toString());
        assertTrue(blip.isNull("validationFailure"), blip.toString());
        assertEquals(2, blipping.uploadsOpened(), "tried again after the Retry-After, and passed");
        assertEquals(1, events("blipping"), "no event: the backend never left OK");

        JsonObject refused = backend("denying");
        assertEquals("Invalid", refused.getString("validationStatus"), refused.toString());
        assertEquals("denied", refused.getString("validationFailure"), refused.toString());
        assertEquals(1, denying.uploadsOpened(), "a definitive kind is not tried again");

        JsonObject gone = backend("silent");
        assertEquals("Invalid", gone.getString("validationStatus"), gone.toString());
        assertEquals("timeout", gone.getString("validationFailure"), gone.toString());
        assertEquals(3, silent.uploadsOpened(), "every try timed out");
    }

    private static JsonObject backend(String name) {
        Api.Reply reply = instance.api().get("api/v1/orgs/" + org + "/cas-backends/" + name, ADMIN_TOKEN);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    private static int events(String name) {
        Api.Reply reply = instance.api().get("api/v1/orgs/" + org + "/cas-backends/" + name + "/events", ADMIN_TOKEN);
        assertEquals(200, reply.status(), reply.toString());
        return reply.array().size();
    }
}
