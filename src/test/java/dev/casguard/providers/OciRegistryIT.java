package dev.casguard.providers;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.CasguardDeployment;
import dev.casguard.testing.Database;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.ServerConsole;
import dev.casguard.testing.TestPorts;
import dev.casguard.testing.TokenIssuer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OCI provider check through the API, against real CNCF distribution registries on loopback:
 * one with htpasswd (Basic) auth, one with token auth trusting a local token issuer. The registries'
 * own access logs count the provider checks that reached them. The oci.* ports of
 * test-ports.properties are the ones the test run allow-lists (pom.xml), all but
 * oci.not-allow-listed; that one and 10.x are deliberately not.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OciRegistryIT {

    private static final int BASIC_REGISTRY_PORT = TestPorts.port("oci.basic-registry");
    private static final int TOKEN_REGISTRY_PORT = TestPorts.port("oci.token-registry");
    private static final int TOKEN_ISSUER_PORT = TestPorts.port("oci.token-issuer");
    private static final int UNREACHABLE_PORT = TestPorts.port("oci.unreachable");
    private static final int NOT_ALLOW_LISTED_PORT = TestPorts.port("oci.not-allow-listed");
    private static final String REPOSITORY = "team/att";

    /** Installed before the container starts: class initialization runs the @Deployment method. */
    private static final ServerConsole PAYARA_LOG = ServerConsole.tap();
    private static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();
    private static final List<String> RESPONSE_BODIES = new CopyOnWriteArrayList<>();

    private static RegistryServer basicRegistry;
    private static TokenIssuer tokenIssuer;
    private static RegistryServer tokenRegistry;
    private static String pushUserPassword;
    private static String pullUserPassword;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return CasguardDeployment.war();
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void startRegistries() throws IOException {
        basicRegistry = RegistryServer.basic(BASIC_REGISTRY_PORT, "first-user", password("first-user"));
        pushUserPassword = password("push-user");
        pullUserPassword = password("pull-user");
        tokenIssuer = TokenIssuer.start(TOKEN_ISSUER_PORT)
                .pushUser("pusher", pushUserPassword)
                .pullOnlyUser("puller", pullUserPassword);
        tokenRegistry = RegistryServer.token(TOKEN_REGISTRY_PORT, tokenIssuer);
    }

    @AfterAll
    static void stopRegistries() {
        for (AutoCloseable server : new AutoCloseable[] {tokenRegistry, tokenIssuer, basicRegistry, PAYARA_LOG}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // best effort: the next fixture still gets closed
            }
        }
    }

    @Test
    void basicAuthRegistryAcceptsGoodCredentialsAndNothingIsStoredForBadOnes() throws IOException {
        String org = api().createOrg(Api.unique("oci-basic"));
        String password = password("basic");
        basicRegistry.setPassword("basic-user", password);
        long checks = basicRegistry.uploadChecks(REPOSITORY);

        Reply created = create(org, "registry", basicRegistry.location(REPOSITORY), "basic-user", password);
        assertEquals(201, created.status(), created.toString());
        assertEquals("OK", created.json().getString("validationStatus"));
        assertEquals("OCI", created.json().getString("provider"));
        assertEquals(basicRegistry.location(REPOSITORY), created.json().getString("location"));
        assertEquals(checks + 1, basicRegistry.awaitUploadChecks(REPOSITORY, checks + 1),
                "one check opens exactly one upload session");

        Reply wrong = create(org, "wrong", basicRegistry.location(REPOSITORY), "basic-user", password("wrong"));
        assertCredentialsInvalid(wrong);
        assertEquals("denied", wrong.json().getString("validationFailure"), wrong.toString());
        assertEquals(checks + 2, basicRegistry.awaitUploadChecks(REPOSITORY, checks + 2),
                "the wrong password was tried at the registry, once");
        assertEquals(404, get(org, "wrong").status());
        assertEquals(0, storedRows(org, "wrong"), "nothing stored, not even a deleted row");
    }

    @Test
    void revalidationFollowsPasswordChangesAtTheRegistry() throws IOException {
        String org = api().createOrg(Api.unique("oci-rotation"));
        String password = password("rotating");
        basicRegistry.setPassword("rotating-user", password);
        assertEquals(201, create(org, "registry", basicRegistry.location(REPOSITORY), "rotating-user", password)
                .status());

        basicRegistry.setPassword("rotating-user", password("rotated"));
        Reply broken = revalidate(org, "registry");
        assertEquals(200, broken.status(), broken.toString());
        assertEquals("Invalid", broken.json().getString("validationStatus"));
        assertFalse(broken.json().isNull("validationError"));
        assertFalse(broken.json().getString("validationError").isBlank());
        assertEquals("denied", broken.json().getString("validationFailure"), "a definitive kind: Invalid at once");
        JsonObject failure = latestEvent(org, "registry");
        assertEquals("denied", failure.getString("validationFailure"));
        assertEquals("OK", failure.getString("previousStatus"));
        assertEquals("Invalid", failure.getString("newStatus"));
        assertEquals("api", failure.getString("source"));
        assertFalse(failure.getBoolean("recovery"));
        assertFalse(failure.isNull("error"));

        basicRegistry.setPassword("rotating-user", password);
        Reply recovered = revalidate(org, "registry");
        assertEquals(200, recovered.status(), recovered.toString());
        assertEquals("OK", recovered.json().getString("validationStatus"));
        assertTrue(recovered.json().isNull("validationError"));
        assertTrue(recovered.json().isNull("validationFailure"), "null while OK");
        JsonObject recovery = latestEvent(org, "registry");
        assertTrue(recovery.isNull("validationFailure"));
        assertEquals("Invalid", recovery.getString("previousStatus"));
        assertEquals("OK", recovery.getString("newStatus"));
        assertEquals("api", recovery.getString("source"));
        assertTrue(recovery.getBoolean("recovery"));
    }

    @Test
    void patchedCredentialsAreCheckedBeforeTheyReplaceTheStoredOnes() throws IOException {
        String org = api().createOrg(Api.unique("oci-patch"));
        String oldPassword = password("old");
        basicRegistry.setPassword("old-user", oldPassword);
        assertEquals(201, create(org, "registry", basicRegistry.location(REPOSITORY), "old-user", oldPassword)
                .status());

        Reply bad = patch(org, "registry", obj("credentials", credentials("old-user", password("typo"))));
        assertCredentialsInvalid(bad);
        Reply stillGood = revalidate(org, "registry");
        assertEquals("OK", stillGood.json().getString("validationStatus"), "the old credentials stay in force");

        String newPassword = password("new");
        basicRegistry.setPassword("new-user", newPassword);
        Reply good = patch(org, "registry", obj("credentials", credentials("new-user", newPassword)));
        assertEquals(200, good.status(), good.toString());
        assertEquals("OK", good.json().getString("validationStatus"));

        basicRegistry.revoke("old-user");
        assertEquals("OK", revalidate(org, "registry").json().getString("validationStatus"),
                "the new credentials are the stored ones");
    }

    @Test
    void tokenAuthRegistryAcceptsPushersOnly() {
        String org = api().createOrg(Api.unique("oci-token"));
        String location = tokenRegistry.location(REPOSITORY);
        long checks = tokenRegistry.uploadChecks(REPOSITORY);

        Reply pusher = create(org, "pusher", location, "pusher", pushUserPassword);
        assertEquals(201, pusher.status(), pusher.toString());
        assertEquals("OK", pusher.json().getString("validationStatus"));
        assertEquals(checks + 1, tokenRegistry.awaitUploadChecks(REPOSITORY, checks + 1));

        Reply puller = create(org, "puller", location, "puller", pullUserPassword);
        assertCredentialsInvalid(puller);
        assertEquals(checks + 2, tokenRegistry.awaitUploadChecks(REPOSITORY, checks + 2),
                "the pull-only token reached the registry, which refused the upload");

        long denied = tokenIssuer.denied();
        Reply wrong = create(org, "wrong", location, "pusher", password("wrong-token"));
        assertCredentialsInvalid(wrong);
        assertEquals(denied + 1, tokenIssuer.denied(), "the token service refused the password");
        assertEquals(checks + 2, tokenRegistry.uploadChecks(REPOSITORY), "no token, no upload attempt");
        assertEquals(0, storedRows(org, "puller") + storedRows(org, "wrong"));
    }

    @Test
    void privateHostsOffTheAllowListAreRefusedBeforeAnyConnection() throws IOException {
        String org = api().createOrg(Api.unique("oci-private"));
        try (ServerSocket bait = new ServerSocket(NOT_ALLOW_LISTED_PORT, 50, InetAddress.getLoopbackAddress())) {
            Reply loopback = create(org, "loopback", "127.0.0.1:" + NOT_ALLOW_LISTED_PORT + "/x/y", "u",
                    password("loopback"));
            assertCredentialsInvalid(loopback);
            assertTrue(loopback.json().getString("detail").contains("refused"), loopback.toString());
            // the kernel queues a connection attempt in the backlog even if nobody accepts it
            bait.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, bait::accept, "casguard connected to a refused host");
        }

        // only the answer is checked here: nothing is started on, or expected from, a 10.x address
        Reply privateNetwork = create(org, "private", "10.1.2.3:5000/x/y", "u", password("private"));
        assertCredentialsInvalid(privateNetwork);
        assertTrue(privateNetwork.json().getString("detail").contains("refused"), privateNetwork.toString());
        assertEquals(0, storedRows(org, "loopback") + storedRows(org, "private"));
    }

    @Test
    void anUnreachableAllowListedRegistryIsReportedAsUnreachable() {
        assertThrows(ConnectException.class, () -> {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), UNREACHABLE_PORT), 1000);
            }
        }, "this test needs nothing listening on 127.0.0.1:" + UNREACHABLE_PORT);
        String org = api().createOrg(Api.unique("oci-down"));
        Reply down = create(org, "down", "127.0.0.1:" + UNREACHABLE_PORT + "/" + REPOSITORY, "u", password("down"));
        assertCredentialsInvalid(down);
        assertTrue(down.json().getString("detail").contains("unreachable"), down.toString());
        assertEquals("unreachable", down.json().getString("validationFailure"), "transient, after its tries");
    }

    @Test
    void locationsAndImmutableFieldsAreValidatedBeforeAnyCheck() throws IOException {
        String org = api().createOrg(Api.unique("oci-shape"));
        String password = password("shape");
        basicRegistry.setPassword("shape-user", password);
        long checks = basicRegistry.uploadChecks();
        for (String location : List.of("https://" + basicRegistry.location(REPOSITORY),
                basicRegistry.location("Team/Att"))) {
            Reply refused = create(org, "bad-location", location, "shape-user", password);
            assertEquals(400, refused.status(), location + " -> " + refused);
            assertEquals("VALIDATION_FAILED", refused.code());
        }
        assertEquals(checks, basicRegistry.uploadChecks(), "a malformed location never reaches a registry");

        assertEquals(201, create(org, "registry", basicRegistry.location(REPOSITORY), "shape-user", password)
                .status());
        for (JsonObject immutable : List.of(obj("name", "renamed"), obj("provider", "INLINE"),
                obj("location", basicRegistry.location("team/elsewhere")))) {
            Reply refused = patch(org, "registry", immutable);
            assertEquals(400, refused.status(), immutable + " -> " + refused);
            assertEquals("VALIDATION_FAILED", refused.code());
        }
        assertEquals(basicRegistry.location(REPOSITORY), get(org, "registry").json().getString("location"));
    }

    /** Last, so that it also covers every password the other tests sent. */
    @Test
    @Order(Integer.MAX_VALUE)
    void passwordsAppearInNoResponseNoServerLogLineAndNoDatabaseRow() throws IOException {
        // its own pass through every path that handles a password, so that it proves something alone too
        String org = api().createOrg(Api.unique("oci-secrets"));
        String password = password("secret");
        basicRegistry.setPassword("secret-user", password);
        assertEquals(201, create(org, "registry", basicRegistry.location(REPOSITORY), "secret-user", password)
                .status());
        assertCredentialsInvalid(create(org, "wrong", basicRegistry.location(REPOSITORY), "secret-user",
                password("secret-wrong")));
        assertCredentialsInvalid(patch(org, "registry", obj("credentials", credentials("secret-user",
                password("secret-typo")))));
        basicRegistry.setPassword("secret-user", password("secret-rotated"));
        assertEquals("Invalid", revalidate(org, "registry").json().getString("validationStatus"));

        PAYARA_LOG.sync(Duration.ofSeconds(20));
        String serverLog = PAYARA_LOG.text();
        assertTrue(serverLog.contains("Payara Micro"), "the tap was in place before the server started");
        String database = Database.dumpAsText();
        assertTrue(database.contains(org), "the dump covers this test's rows");
        assertTrue(PASSWORDS.size() >= 5, "passwords from this test and the others");
        for (String secret : PASSWORDS) {
            assertTrue(RESPONSE_BODIES.stream().noneMatch(body -> body.contains(secret)),
                    "a response body holds password " + secret);
            assertFalse(serverLog.contains(secret), "the server log holds password " + secret);
            assertFalse(database.contains(secret), "the database holds password " + secret);
        }
    }

    // --- helpers: every call that can see a password goes through seen() ---

    private Api api() {
        return Api.at(base.toString());
    }

    /** A fresh, unmistakable password, remembered so that the secrets test can look for it. */
    private static String password(String purpose) {
        String password = purpose + "-pw-" + UUID.randomUUID();
        PASSWORDS.add(password);
        return password;
    }

    private static JsonObject credentials(String username, String password) {
        return obj("username", username, "password", password);
    }

    private static String backends(String org) {
        return "api/v1/orgs/" + org + "/cas-backends";
    }

    private Reply seen(Reply reply) {
        RESPONSE_BODIES.add(reply.body());
        return reply;
    }

    private Reply create(String org, String name, String location, String username, String password) {
        return seen(api().post(backends(org), ADMIN_TOKEN, obj("name", name, "provider", "OCI",
                "location", location, "credentials", credentials(username, password))));
    }

    private Reply patch(String org, String name, JsonObject body) {
        return seen(api().patch(backends(org) + "/" + name, ADMIN_TOKEN, body));
    }

    private Reply revalidate(String org, String name) {
        return seen(api().post(backends(org) + "/" + name + "/revalidate", ADMIN_TOKEN, null));
    }

    private Reply get(String org, String name) {
        return seen(api().get(backends(org) + "/" + name, ADMIN_TOKEN));
    }

    /** Events are listed newest first. */
    private JsonObject latestEvent(String org, String name) {
        Reply events = seen(api().get(backends(org) + "/" + name + "/events", ADMIN_TOKEN));
        assertEquals(200, events.status(), events.toString());
        return events.array().getJsonObject(0);
    }

    private static void assertCredentialsInvalid(Reply reply) {
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("CAS_BACKEND_CREDENTIALS_INVALID", reply.code(), reply.toString());
    }

    /** Rows under that name in the org, deleted or not. */
    private static int storedRows(String org, String name) {
        return Integer.parseInt(Database.rows("select count(*) from cas_backend b join organization o"
                + " on o.id = b.organization_id where o.name = '" + org + "' and b.name = '" + name + "'")
                .get(0).get(0));
    }
}
