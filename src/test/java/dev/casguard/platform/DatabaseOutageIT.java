package dev.casguard.platform;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.CasguardInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running instance (its own throwaway PostgreSQL, stopped and
 * started for real): the API answers 503 UNAVAILABLE as problem+json, readiness goes down, and
 * both recover when PostgreSQL is back, without restarting casguard.
 */
class DatabaseOutageIT {

    private static final Path PG_DIR = Path.of("target", "outage-postgres").toAbsolutePath();
    private static final int PG_PORT = 55491;
    private static CasguardInstance instance;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = new HashMap<>(database("start"));
        settings.put("CASGUARD_CHECKER_ENABLED", "false");
        instance = CasguardInstance.launch("outage-a", 18211, settings).awaitReady(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() throws Exception {
        if (instance != null) {
            instance.close();
        }
        database("--stop");
    }

    @Test
    void anUnreachableDatabaseIs503AndRecovers() throws Exception {
        Api api = instance.api();
        String org = api.createOrg(Api.unique("outage"));
        database("--stop");

        Reply down = api.get("api/v1/orgs/" + org, ADMIN_TOKEN);
        assertEquals(503, down.status(), down.toString());
        assertEquals("application/problem+json", down.contentType());
        assertEquals("UNAVAILABLE", down.code());
        assertTrue(!down.body().contains("Exception"), "no stack trace: " + down);
        assertEquals(503, api.get("/health/ready", null).status(), "not ready without the database");
        assertEquals(200, api.get("/health/live", null).status(), "but alive");

        database("start");
        Instant deadline = Instant.now().plusSeconds(30);
        Reply back;
        do {
            Thread.sleep(500);
            back = api.get("api/v1/orgs/" + org, ADMIN_TOKEN);
        } while (back.status() != 200 && Instant.now().isBefore(deadline));
        assertEquals(200, back.status(), "the pool recovers by itself: " + back);
        assertEquals(200, api.get("/health/ready", null).status());
    }

    /** Starts (or stops, with --stop) this test's own PostgreSQL; returns the casguard settings for it. */
    private static Map<String, String> database(String action) throws IOException, InterruptedException {
        ProcessBuilder script = "--stop".equals(action)
                ? new ProcessBuilder("scripts/throwaway-postgres.sh", "--stop", PG_DIR.toString())
                : new ProcessBuilder("scripts/throwaway-postgres.sh", PG_DIR.toString(), String.valueOf(PG_PORT));
        Process process = script.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String exports = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "throwaway-postgres.sh " + action);
        Map<String, String> settings = new HashMap<>();
        exports.lines().filter(l -> l.startsWith("export ")).forEach(l -> {
            String assignment = l.substring("export ".length());
            int eq = assignment.indexOf('=');
            settings.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        });
        return settings;
    }
}
