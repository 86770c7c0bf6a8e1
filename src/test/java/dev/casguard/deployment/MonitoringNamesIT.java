package dev.casguard.deployment;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static dev.casguard.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.TestPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard against a real scrape: one casguard instance is driven until
 * every metric it registers has been exposed (ticks, skips, lock holds, an invalid provider check,
 * refused requests), then each selector of casguard-rules.yml and casguard-dashboard.json must
 * name a series of its /metrics with the labels it tests, and ExposedMetrics' reading of the
 * sources, which the unit tests rely on, must be exactly what the instance exposes.
 */
class MonitoringNamesIT {

    private static final int INSTANCE_PORT = TestPorts.port("monitoring.instance");
    private static final int UNREACHABLE_PORT = TestPorts.port("monitoring.unreachable");
    private static final String ORG = Api.unique("monitoring");

    private static CasguardInstance instance;

    @BeforeAll
    static void start() throws Exception {
        instance = CasguardInstance.launch("monitoring-a", INSTANCE_PORT, CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", "PT10S",
                // one request at a time, refused quickly: two at once while the database stalls make a 503
                "CASGUARD_API_MAX_CONCURRENT_REQUESTS", "1",
                "CASGUARD_API_ADMISSION_WAIT", "PT0.2S",
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + UNREACHABLE_PORT),
                CasguardInstance.UNCLUSTERED).awaitReady(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void everySelectorOfTheRulesAndTheDashboardNamesAnExposedSeries() throws Exception {
        Api api = instance.api();
        api.createOrg(ORG);
        Api.Reply unreachable = api.post("api/v1/orgs/" + ORG + "/cas-backends", ADMIN_TOKEN, obj("name", "nowhere",
                "provider", "OCI", "location", "127.0.0.1:" + UNREACHABLE_PORT + "/monitoring/nowhere",
                "default", true, "fallback", false, "credentials", obj("username", "u", "password", "p")));
        assertEquals(400, unreachable.status(), "the provider check fails: " + unreachable);
        assertTrue(refusedWhileTheTokensAreLocked(api.mintToken(ORG, "monitoring")) > 0, "a request was refused");

        ExposedMetrics registered = ExposedMetrics.fromSource(ExposedMetrics.SOURCES);
        waitFor(Duration.ofSeconds(60), () -> scrape().labelsBySeries().keySet()
                .containsAll(registered.labelsBySeries().keySet()));
        String exposition = instance.api().get("/metrics", null).body();
        Files.writeString(Path.of("target", "instance-logs", "monitoring-a.metrics"), exposition); // to read on failure
        ExposedMetrics scraped = ExposedMetrics.fromScrape(exposition);

        assertEquals(registered.labelsBySeries(), scraped.labelsBySeries(), "the sources read as exposed");
        assertEquals(List.of(), scraped.problems(MonitoringFiles.ruleQueries()), "the alert rules");
        assertEquals(List.of(), scraped.problems(MonitoringFiles.dashboardQueries()), "the dashboard");
    }

    /** Requests with an organization token while its table is locked: the first holds the one permit. */
    private static long refusedWhileTheTokensAreLocked(String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.base() + "api/v1/orgs/" + ORG))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
        try (Connection blocker = Database.connect(); Statement sql = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            sql.execute("lock table api_token in access exclusive mode");
            List<CompletableFuture<HttpResponse<Void>>> requests = IntStream.range(0, 3)
                    .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())).toList();
            Thread.sleep(2_000);
            blocker.rollback();
            return requests.stream().map(CompletableFuture::join).filter(reply -> reply.statusCode() == 503).count();
        }
    }

    private static ExposedMetrics scrape() {
        Api.Reply metrics = instance.api().get("/metrics", null);
        assertEquals(200, metrics.status(), metrics.toString());
        return ExposedMetrics.fromScrape(metrics.body());
    }
}
