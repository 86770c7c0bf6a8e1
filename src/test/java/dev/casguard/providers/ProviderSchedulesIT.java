package dev.casguard.providers;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static dev.casguard.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.AzuriteServer;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.S3Server;
import dev.casguard.testing.TestPorts;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * S3 and Azure Blob backends go through the background checker and the request path like OCI
 * ones: one real instance, a real s3proxy and a real Azurite, counted by casguard's validation
 * metric per provider and source and confirmed on the servers' side.
 */
class ProviderSchedulesIT {

    private static final int S3_PORT = TestPorts.port("schedules.s3");
    private static final int AZURITE_PORT = TestPorts.port("schedules.azurite");
    private static final int INSTANCE_PORT = TestPorts.port("schedules.instance");
    private static final String BUCKET = "sched-bucket";

    private static S3Server s3;
    private static AzuriteServer azurite;
    private static CasguardInstance instance;
    private static String s3Org;
    private static String azureOrg;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.start(S3_PORT, "sched-key", "sched-secret");
        s3.createBucket(BUCKET);
        azurite = AzuriteServer.start(AZURITE_PORT);
        instance = CasguardInstance.launch("providers-a", INSTANCE_PORT, CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", "PT20S",
                "CASGUARD_CHECKER_ALL_INTERVAL", "PT24H",
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + S3_PORT + ",127.0.0.1:" + AZURITE_PORT))
                .awaitReady(Duration.ofMinutes(3));
        Database.execute("update checker_scope set last_run_started_at = clock_timestamp() where scope = 'all'");
        Api api = instance.api();
        s3Org = api.createOrg(Api.unique("sched-s3"));
        created(api.post("api/v1/orgs/" + s3Org + "/cas-backends", ADMIN_TOKEN, obj("name", "s3", "provider", "AWS-S3",
                "location", BUCKET, "credentials", obj("accessKeyId", "sched-key", "secretAccessKey", "sched-secret",
                        "endpoint", s3.endpoint()))));
        azureOrg = api.createOrg(Api.unique("sched-az"));
        created(api.post("api/v1/orgs/" + azureOrg + "/cas-backends", ADMIN_TOKEN, obj("name", "az",
                "provider", "AzureBlob", "location", AzuriteServer.ACCOUNT + "/sched",
                "credentials", obj("accountKey", AzuriteServer.ACCOUNT_KEY, "endpoint", azurite.endpoint()))));
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void theCheckerAndTheRequestPathValidateS3AndAzureBackends() throws Exception {
        FileTime written = Files.getLastModifiedTime(s3.object(BUCKET, "healthcheck"));
        Instant since = Instant.now();
        waitFor(Duration.ofSeconds(40), () -> !Database.rows("select 1 from checker_tick where scope = 'defaults'"
                + " and outcome = 'completed' and backends_checked >= 2 and started_at > '" + since + "'").isEmpty());
        assertTrue(validations("AWS-S3", "checker") >= 1, "the checker validated the S3 backend");
        assertTrue(validations("AzureBlob", "checker") >= 1, "the checker validated the Azure backend");
        assertTrue(Files.getLastModifiedTime(s3.object(BUCKET, "healthcheck")).compareTo(written) > 0,
                "and really wrote to the bucket");

        // Right after a tick, the next is a slot away: make both defaults stale and ask where to upload.
        Database.execute("update cas_backend set validated_at = validated_at - interval '2 hours'"
                + " where name in ('s3', 'az') and deleted_at is null");
        for (String org : new String[] {s3Org, azureOrg}) {
            Reply target = instance.api().get("api/v1/orgs/" + org + "/upload-target", ADMIN_TOKEN);
            assertEquals(200, target.status(), target.toString());
            assertEquals("OK", target.json().getJsonObject("backend").getString("validationStatus"));
        }
        assertEquals(1, validations("AWS-S3", "request-path"), "one request-path check of the stale S3 default");
        assertEquals(1, validations("AzureBlob", "request-path"), "one request-path check of the stale Azure default");
    }

    private static void created(Reply reply) {
        assertEquals(201, reply.status(), reply.toString());
    }

    private static double validations(String provider, String source) {
        return instance.metric("casguard_validations_total",
                "provider=\"" + provider + "\",result=\"ok\",source=\"" + source + "\"");
    }

}
