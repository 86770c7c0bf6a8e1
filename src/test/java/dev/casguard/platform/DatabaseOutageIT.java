package dev.casguard.platform;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.TestPorts;
import dev.casguard.testing.ThrowawayPostgres;
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

    private static final ThrowawayPostgres postgres = new ThrowawayPostgres("outage-postgres",
            TestPorts.port("outage.postgres"));
    private static CasguardInstance instance;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = new HashMap<>(postgres.start().settings());
        settings.put("CASGUARD_CHECKER_ENABLED", "false");
        instance = CasguardInstance.launch("outage-a", TestPorts.port("outage.instance"), settings)
                .awaitReady(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() throws Exception {
        if (instance != null) {
            instance.close();
        }
        postgres.stop();
    }

    @Test
    void anUnreachableDatabaseIs503AndRecovers() throws Exception {
        Api api = instance.api();
        String org = api.createOrg(Api.unique("outage"));
        postgres.stop();

        Reply down = api.get("api/v1/orgs/" + org, ADMIN_TOKEN);
        assertEquals(503, down.status(), down.toString());
        assertEquals("application/problem+json", down.contentType());
        assertEquals("UNAVAILABLE", down.code());
        assertTrue(!down.body().contains("Exception"), "no stack trace: " + down);
        assertEquals(503, api.get("/health/ready", null).status(), "not ready without the database");
        assertEquals(200, api.get("/health/live", null).status(), "but alive");

        postgres.start();
        Instant deadline = Instant.now().plusSeconds(30);
        Reply back;
        do {
            Thread.sleep(500);
            back = api.get("api/v1/orgs/" + org, ADMIN_TOKEN);
        } while (back.status() != 200 && Instant.now().isBefore(deadline));
        assertEquals(200, back.status(), "the pool recovers by itself: " + back);
        assertEquals(200, api.get("/health/ready", null).status());
    }
}
