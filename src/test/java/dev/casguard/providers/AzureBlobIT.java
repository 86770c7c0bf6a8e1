package dev.casguard.providers;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static dev.casguard.testing.ObservedReplies.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.AgainstDeployedWar;
import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.AzuriteServer;
import dev.casguard.testing.ObservedReplies;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.FakeEntraAndBlobService;
import dev.casguard.testing.FakeEntraAndBlobService.Seen;
import dev.casguard.testing.SilentServer;
import dev.casguard.testing.TestPorts;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AzureBlob backends through the API: the shared-key path against a real Azurite; the
 * service-principal path against a local Entra token endpoint and a recording blob stand-in
 * (the failsafe environment points casguard.providers.azure.authority-host at it).
 */
class AzureBlobIT extends AgainstDeployedWar {

    private static final int AZURITE_PORT = TestPorts.port("azurite");
    private static final int ENTRA_PORT = TestPorts.port("entra");
    /** Allow-listed for the tests, and nothing listens there while this class runs. */
    private static final int ALLOWED_IDLE_PORT = TestPorts.port("s3");
    private static final int TRIPWIRE_PORT = TestPorts.port("providers.tripwire");
    private static final String ACCOUNT = AzuriteServer.ACCOUNT;
    private static final String WRONG_KEY = randomKey();
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String CLIENT_ID = "66666666-7777-8888-9999-000000000000";
    private static final String CLIENT_SECRET = "sp-secret-" + Long.toHexString(System.nanoTime());
    private static final String WRONG_CLIENT_SECRET = "sp-wrong-" + Long.toHexString(System.nanoTime());
    private static final String ACCESS_TOKEN = "access-token-" + Long.toHexString(System.nanoTime());

    private static AzuriteServer azurite;
    private static FakeEntraAndBlobService entra;
    private final ObservedReplies replies = new ObservedReplies();

    @BeforeAll
    static void startServers() throws Exception {
        azurite = AzuriteServer.start(AZURITE_PORT);
        entra = new FakeEntraAndBlobService(ENTRA_PORT, TENANT, CLIENT_ID, CLIENT_SECRET, ACCESS_TOKEN);
    }

    @AfterAll
    static void stopServers() throws Exception {
        Teardown.close(azurite, entra);
    }

    private static String randomKey() {
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static JsonObject sharedKey(String key, String endpoint) {
        return obj("accountKey", key, "endpoint", endpoint);
    }

    private static JsonObject principal(String secret) {
        return obj("tenantId", TENANT, "clientId", CLIENT_ID, "clientSecret", secret, "endpoint", entra.blobEndpoint());
    }

    private Reply createBackend(Api api, String org, String location, JsonObject credentials) {
        return replies.createBackend(api, org, "az", "AzureBlob", location, credentials);
    }

    private void assertNoSecretLeaked() {
        replies.assertNoneContains(AzuriteServer.ACCOUNT_KEY, WRONG_KEY, CLIENT_SECRET, WRONG_CLIENT_SECRET, ACCESS_TOKEN);
    }

    /** Reads a blob straight from Azurite, signed with the account key: what is really stored. */
    private static HttpResponse<String> readFromAzurite(String container, String blob) throws Exception {
        URI uri = URI.create(azurite.endpoint() + "/" + container + "/" + blob);
        String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        Map<String, String> headers = Map.of("x-ms-date", date, "x-ms-version", AzureBlobCheck.SERVICE_VERSION);
        String authorization = new SharedKeySigner(ACCOUNT, AzuriteServer.ACCOUNT_KEY).authorization("GET", uri, headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", authorization);
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void accountKeyCreatesTheMissingContainerAndUploadsTheBlob() throws Exception {
        Api api = api();
        String org = api.createOrg(Api.unique("az-key"));
        String container = Api.unique("fresh");
        assertEquals(404, readFromAzurite(container, "healthcheck").statusCode(), "the container does not exist yet");

        Reply created = createBackend(api, org, ACCOUNT + "/" + container, sharedKey(AzuriteServer.ACCOUNT_KEY,
                azurite.endpoint()));
        assertEquals(201, created.status(), created.toString());
        assertEquals("OK", created.json().getString("validationStatus"));
        HttpResponse<String> blob = readFromAzurite(container, "healthcheck");
        assertEquals(200, blob.statusCode(), "the blob is really stored: " + blob.body());
        assertTrue(blob.body().startsWith("casguard healthcheck "), blob.body());

        // a second backend on the now existing container, and a revalidation, pass too
        Reply again = createBackend(api, org, ACCOUNT + "/" + container, sharedKey(AzuriteServer.ACCOUNT_KEY,
                azurite.endpoint()));
        assertEquals(201, again.status(), again.toString());
        Reply revalidated = api.post("api/v1/orgs/" + org + "/cas-backends/" + again.json().getString("name")
                + "/revalidate", ADMIN_TOKEN, null);
        replies.add(revalidated);
        assertEquals("OK", revalidated.json().getString("validationStatus"), revalidated.toString());
        assertNoSecretLeaked();
    }

    @Test
    void wrongAccountKeyIsDenied() throws Exception {
        Api api = api();
        String org = api.createOrg(Api.unique("az-denied"));
        String container = Api.unique("denied");
        assertRejected(createBackend(api, org, ACCOUNT + "/" + container, sharedKey(WRONG_KEY, azurite.endpoint())),
                "access denied");
        assertEquals(404, readFromAzurite(container, "healthcheck").statusCode(), "nothing was created");
        assertNoSecretLeaked();
    }

    @Test
    void servicePrincipalLogsInAndSendsItsBearerToken() {
        Api api = api();
        String org = api.createOrg(Api.unique("az-sp"));
        int tokensBefore = entra.tokenRequests().size();
        int blobsBefore = entra.blobRequests().size();
        Reply created = createBackend(api, org, "someaccount/sp-container", principal(CLIENT_SECRET));
        assertEquals(201, created.status(), created.toString());
        assertEquals("OK", created.json().getString("validationStatus"));

        Seen login = entra.tokenRequests().get(tokensBefore);
        assertEquals("POST", login.method());
        assertEquals("/" + TENANT + "/oauth2/v2.0/token", login.path());
        assertEquals(Map.of("grant_type", "client_credentials", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "scope", FakeEntraAndBlobService.SCOPE), login.form());
        Seen upload = entra.blobRequests().get(blobsBefore);
        assertEquals("PUT", upload.method());
        assertEquals("/fakeblob/sp-container/healthcheck", upload.path());
        assertEquals("Bearer " + ACCESS_TOKEN, upload.authorization());
        assertTrue(upload.msVersion() != null && upload.msVersion().compareTo("2017-11-09") >= 0,
                "OAuth needs x-ms-version 2017-11-09 or later");
        assertNoSecretLeaked();
    }

    @Test
    void servicePrincipalWithAWrongSecretIsRefusedAtLogin() {
        Api api = api();
        String org = api.createOrg(Api.unique("az-sp-denied"));
        int blobsBefore = entra.blobRequests().size();
        assertRejected(createBackend(api, org, "someaccount/sp-container", principal(WRONG_CLIENT_SECRET)),
                "login refused");
        assertEquals(blobsBefore, entra.blobRequests().size(), "no blob request without a token");
        assertNoSecretLeaked();
    }

    @Test
    void unreachableEndpointIsNamed() {
        Api api = api();
        String org = api.createOrg(Api.unique("az-unreachable"));
        assertRejected(createBackend(api, org, ACCOUNT + "/c-unreachable",
                sharedKey(AzuriteServer.ACCOUNT_KEY, "http://127.0.0.1:" + ALLOWED_IDLE_PORT + "/" + ACCOUNT)),
                "unreachable");
    }

    @Test
    void endpointsOffTheAllowListAreRefusedBeforeAnyConnection() throws Exception {
        Api api = api();
        String org = api.createOrg(Api.unique("az-refused"));
        int tokensBefore = entra.tokenRequests().size();
        try (SilentServer tripwire = new SilentServer(TRIPWIRE_PORT)) {
            for (JsonObject credentials : List.of(
                    sharedKey(AzuriteServer.ACCOUNT_KEY, "http://127.0.0.1:" + TRIPWIRE_PORT + "/" + ACCOUNT),
                    sharedKey(AzuriteServer.ACCOUNT_KEY, "https://localhost:" + TRIPWIRE_PORT + "/" + ACCOUNT),
                    obj("tenantId", TENANT, "clientId", CLIENT_ID, "clientSecret", CLIENT_SECRET,
                            "endpoint", "http://127.0.0.1:" + TRIPWIRE_PORT + "/x"))) {
                assertRejected(createBackend(api, org, ACCOUNT + "/c-refused", credentials), "refused");
            }
            Thread.sleep(200);
            assertEquals(0, tripwire.accepted(), "no connection was attempted");
        }
        assertEquals(tokensBefore, entra.tokenRequests().size(), "no login for a refused endpoint");
        assertNoSecretLeaked();
    }

    @Test
    void malformedLocationsAndCredentialsAreValidationFailures() {
        Api api = api();
        String org = api.createOrg(Api.unique("az-shapes"));
        JsonObject good = sharedKey(AzuriteServer.ACCOUNT_KEY, azurite.endpoint());
        for (String location : List.of("devstoreaccount1", "devstoreaccount1/", "/container", "ab/container",
                "Upper/container", "account_1/container", "devstoreaccount1/ab", "devstoreaccount1/Upper",
                "devstoreaccount1/two--hyphens", "devstoreaccount1/-lead", "devstoreaccount1/a/b",
                "a".repeat(25) + "/container", "devstoreaccount1/" + "c".repeat(64))) {
            Reply reply = createBackend(api, org, location, good);
            assertEquals(400, reply.status(), location + " -> " + reply);
            assertEquals("VALIDATION_FAILED", reply.code(), location + " -> " + reply);
        }
        for (JsonObject credentials : List.of(obj(), obj("endpoint", azurite.endpoint()),
                obj("accountKey", "not base64!"), obj("accountKey", AzuriteServer.ACCOUNT_KEY, "tenantId", TENANT),
                obj("tenantId", TENANT, "clientId", CLIENT_ID),
                obj("tenantId", "../evil", "clientId", CLIENT_ID, "clientSecret", CLIENT_SECRET),
                obj("accountKey", AzuriteServer.ACCOUNT_KEY, "endpoint", "ftp://127.0.0.1:" + AZURITE_PORT),
                obj("accountKey", AzuriteServer.ACCOUNT_KEY,
                        "endpoint", "http://127.0.0.1:" + AZURITE_PORT + "/x?sv=1"))) {
            Reply reply = createBackend(api, org, ACCOUNT + "/shapes", credentials);
            assertEquals(400, reply.status(), credentials.keySet() + " -> " + reply);
            assertEquals("VALIDATION_FAILED", reply.code(), credentials.keySet() + " -> " + reply);
        }
        assertNoSecretLeaked();
    }
}
