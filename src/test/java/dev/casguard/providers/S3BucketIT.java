package dev.casguard.providers;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static dev.casguard.testing.ObservedReplies.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.AgainstDeployedWar;
import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.ObservedReplies;
import dev.casguard.testing.SilentServer;
import dev.casguard.testing.S3Server;
import dev.casguard.testing.TestPorts;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AWS-S3 backends through the API against a real s3proxy enforcing SigV4. */
class S3BucketIT extends AgainstDeployedWar {

    private static final int S3_PORT = TestPorts.port("s3");
    /** Allow-listed for the tests, and nothing listens there while this class runs. */
    private static final int ALLOWED_IDLE_PORT = TestPorts.port("entra");
    private static final int TRIPWIRE_PORT = TestPorts.port("providers.tripwire");
    private static final String KEY_ID = "casguard-test-key";
    private static final String SECRET = "s3-secret-" + Long.toHexString(System.nanoTime());
    private static final String WRONG_SECRET = "s3-wrong-" + Long.toHexString(System.nanoTime());

    private static S3Server s3;
    private final ObservedReplies replies = new ObservedReplies();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Server.start(S3_PORT, KEY_ID, SECRET);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static JsonObject credentials(String secret, String endpoint) {
        return obj("accessKeyId", KEY_ID, "secretAccessKey", secret, "region", "us-east-1", "endpoint", endpoint);
    }

    private Reply createBackend(Api api, String org, String bucket, JsonObject credentials) {
        return replies.createBackend(api, org, "s3", "AWS-S3", bucket, credentials);
    }

    private void assertNoSecretLeaked() {
        replies.assertNoneContains(SECRET, WRONG_SECRET);
    }

    @Test
    void goodCredentialsWriteAndReadBackTheHealthcheckObject() throws Exception {
        Api api = api();
        String org = api.createOrg(Api.unique("s3-good"));
        String bucket = Api.unique("bucket");
        s3.createBucket(bucket);

        Reply created = createBackend(api, org, bucket, credentials(SECRET, s3.endpoint()));
        assertEquals(201, created.status(), created.toString());
        assertEquals("OK", created.json().getString("validationStatus"));
        assertEquals(bucket, created.json().getString("location"));
        assertTrue(Files.readString(s3.object(bucket, "healthcheck")).startsWith("casguard healthcheck "),
                "the object is really in the bucket");

        String name = created.json().getString("name");
        Files.delete(s3.object(bucket, "healthcheck"));
        Reply revalidated = api.post("api/v1/orgs/" + org + "/cas-backends/" + name + "/revalidate", ADMIN_TOKEN, null);
        replies.add(revalidated);
        assertEquals("OK", revalidated.json().getString("validationStatus"), revalidated.toString());
        assertTrue(Files.exists(s3.object(bucket, "healthcheck")), "revalidation wrote it again");

        Reply rotated = api.patch("api/v1/orgs/" + org + "/cas-backends/" + name, ADMIN_TOKEN,
                obj("credentials", credentials(WRONG_SECRET, s3.endpoint())));
        replies.add(rotated);
        assertRejected(rotated, "denied");
        replies.add(api.get("api/v1/orgs/" + org + "/cas-backends/" + name + "/events", ADMIN_TOKEN));
        assertNoSecretLeaked();
    }

    @Test
    void wrongSecretIsDenied() throws Exception {
        Api api = api();
        String org = api.createOrg(Api.unique("s3-denied"));
        String bucket = Api.unique("bucket");
        s3.createBucket(bucket);
        assertRejected(createBackend(api, org, bucket, credentials(WRONG_SECRET, s3.endpoint())), "denied");
        assertFalse(Files.exists(s3.object(bucket, "healthcheck")));
        assertEquals(0, api.get("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN).array().size(),
                "nothing is stored when the check fails");
        assertNoSecretLeaked();
    }

    @Test
    void missingBucketIsNamed() {
        Api api = api();
        String org = api.createOrg(Api.unique("s3-missing"));
        String bucket = Api.unique("absent");
        assertRejected(createBackend(api, org, bucket, credentials(SECRET, s3.endpoint())),
                "bucket " + bucket + " not found");
        assertNoSecretLeaked();
    }

    @Test
    void unreachableEndpointIsNamed() {
        Api api = api();
        String org = api.createOrg(Api.unique("s3-unreachable"));
        assertRejected(createBackend(api, org, "some-bucket",
                credentials(SECRET, "http://127.0.0.1:" + ALLOWED_IDLE_PORT)), "unreachable");
        assertNoSecretLeaked();
    }

    @Test
    void endpointThatNeverAnswersTimesOutWithinTheValidationTimeout() throws Exception {
        Api api = api();
        String org = api.createOrg(Api.unique("s3-hang"));
        try (SilentServer hanging = new SilentServer(ALLOWED_IDLE_PORT)) {
            long started = System.nanoTime();
            Reply reply = createBackend(api, org, "some-bucket", credentials(SECRET, "http://127.0.0.1:" + ALLOWED_IDLE_PORT));
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertEquals(400, reply.status(), reply.toString());
            assertTrue(reply.json().getString("detail").contains("in time")
                    || reply.json().getString("detail").contains("timed out"), reply.toString());
            assertTrue(seconds < 9, "bounded by the 5 s validation timeout, took " + seconds + " s");
            assertTrue(hanging.accepted() > 0);
        }
    }

    @Test
    void endpointsOffTheAllowListAreRefusedBeforeAnyConnection() throws Exception {
        Api api = api();
        String org = api.createOrg(Api.unique("s3-refused"));
        try (SilentServer tripwire = new SilentServer(TRIPWIRE_PORT)) {
            for (String endpoint : List.of("http://127.0.0.1:" + TRIPWIRE_PORT, "https://127.0.0.1:" + TRIPWIRE_PORT,
                    "http://localhost:" + TRIPWIRE_PORT)) {
                assertRejected(createBackend(api, org, "some-bucket", credentials(SECRET, endpoint)), "refused");
            }
            Thread.sleep(200);
            assertEquals(0, tripwire.accepted(), "no connection was attempted");
        }
        assertNoSecretLeaked();
    }

    @Test
    void malformedLocationsAndCredentialsAreValidationFailures() {
        Api api = api();
        String org = api.createOrg(Api.unique("s3-shapes"));
        JsonObject good = credentials(SECRET, s3.endpoint());
        for (String bucket : List.of("ab", "Upper", "under_score", "192.168.1.1", "two..dots", "-lead", "xn--bucket",
                "bucket-s3alias", "a".repeat(64))) {
            Reply reply = createBackend(api, org, bucket, good);
            assertEquals(400, reply.status(), bucket + " -> " + reply);
            assertEquals("VALIDATION_FAILED", reply.code(), bucket + " -> " + reply);
        }
        for (JsonObject credentials : List.of(obj("accessKeyId", KEY_ID), obj("secretAccessKey", SECRET),
                obj("accessKeyId", KEY_ID, "secretAccessKey", SECRET, "endpoint", "ftp://127.0.0.1:" + S3_PORT),
                obj("accessKeyId", KEY_ID, "secretAccessKey", SECRET, "endpoint", "http://user:pw@127.0.0.1:" + S3_PORT),
                obj("accessKeyId", KEY_ID, "secretAccessKey", SECRET, "region", "EU Central"),
                obj("accessKeyId", KEY_ID, "secretAccessKey", SECRET, "sessionToken", "t"))) {
            Reply reply = createBackend(api, org, "fine-bucket", credentials);
            assertEquals(400, reply.status(), credentials.keySet() + " -> " + reply);
            assertEquals("VALIDATION_FAILED", reply.code(), credentials.keySet() + " -> " + reply);
        }
        assertNoSecretLeaked();
    }
}
