package dev.casguard.requestpath;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.AgainstDeployedWar;
import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.Database;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.TestPorts;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guarded upload-target endpoint on one instance with the default settings (window PT35M,
 * failed-retry PT1M): window edges, filter order, untouched unguarded endpoints, events. Ages are
 * set in the database so that the edges are exact.
 */
class UploadTargetIT extends AgainstDeployedWar {

    private static final String REPO = "guard/main";
    private static RegistryServer registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryServer.basic(TestPorts.port("upload.registry"), "guard", "pw-guard");
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private String orgWithOciDefault(Api api, String prefix) {
        String org = api.createOrg(Api.unique(prefix));
        Reply created = api.post("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN, obj("name", "oci",
                "provider", "OCI", "location", registry.location(REPO),
                "credentials", obj("username", "guard", "password", "pw-guard")));
        assertEquals(201, created.status(), created.toString());
        return org;
    }

    private static void age(String org, String interval) {
        Database.execute("update cas_backend b set validated_at = clock_timestamp() - interval '" + interval + "'"
                + " from organization o where o.id = b.organization_id and o.name = '" + org + "' and b.name = 'oci'");
    }

    private long checks() {
        return registry.log().uploadChecks(REPO);
    }

    @Test
    void aFreshDefaultIsServedWithoutAProviderCall() {
        Api api = api();
        String org = orgWithOciDefault(api, "guard-fresh");
        long before = checks();
        Reply target = api.get("api/v1/orgs/" + org + "/upload-target", ADMIN_TOKEN);
        assertEquals(200, target.status(), target.toString());
        assertEquals("oci", target.json().getJsonObject("backend").getString("name"));
        assertFalse(target.json().getBoolean("usingFallback"));
        assertFalse(target.json().getJsonObject("backend").containsKey("credentials"));
        assertEquals(before, checks());
    }

    @Test
    void theRevalidationWindowEdgesAreExact() {
        Api api = api();
        String org = orgWithOciDefault(api, "guard-window");
        age(org, "34 minutes 58 seconds");
        long before = checks();
        assertEquals(200, api.get("api/v1/orgs/" + org + "/upload-target", ADMIN_TOKEN).status());
        assertEquals(before, checks(), "inside the window: no check");

        age(org, "35 minutes 2 seconds");
        assertEquals(200, api.get("api/v1/orgs/" + org + "/upload-target", ADMIN_TOKEN).status());
        assertEquals(before + 1, checks(), "past the window: one check");
        assertEquals(200, api.get("api/v1/orgs/" + org + "/upload-target", ADMIN_TOKEN).status());
        assertEquals(before + 1, checks(), "and fresh again after it");
    }

    @Test
    void filtersRunAfterAuthenticationAndInOrder() throws Exception {
        Api api = api();
        String empty = api.createOrg(Api.unique("guard-empty"));
        assertEquals(401, api.get("api/v1/orgs/" + empty + "/upload-target", null).status(), "authentication first");
        String other = api.createOrg(Api.unique("guard-other"));
        String otherToken = api.mintToken(other, "t");
        assertEquals(404, api.get("api/v1/orgs/" + empty + "/upload-target", otherToken).status(),
                "then the organization scope");
        Reply required = api.get("api/v1/orgs/" + empty + "/upload-target", ADMIN_TOKEN);
        assertEquals(403, required.status());
        assertEquals("CAS_BACKEND_REQUIRED", required.code());
        assertEquals(404, api.get("api/v1/orgs/no-such-org-here/upload-target", ADMIN_TOKEN).status());

        // Revalidation runs before blocking: an Invalid default whose provider recovered is served again.
        String org = orgWithOciDefault(api, "guard-order");
        assertEquals(201, api.post("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN,
                obj("name", "inline", "provider", "INLINE", "fallback", true)).status());
        registry.setPassword("guard", "rotated");
        Reply invalid = api.post("api/v1/orgs/" + org + "/cas-backends/oci/revalidate", ADMIN_TOKEN, null);
        assertEquals("Invalid", invalid.json().getString("validationStatus"));
        Reply onFallback = api.get("api/v1/orgs/" + org + "/upload-target", ADMIN_TOKEN);
        assertEquals(200, onFallback.status());
        assertTrue(onFallback.json().getBoolean("usingFallback"), "a failed check does not itself refuse");

        registry.setPassword("guard", "pw-guard");
        Database.execute("update cas_backend b set revalidation_claimed_at = null from organization o"
                + " where o.id = b.organization_id and o.name = '" + org + "'");
        Reply recovered = api.get("api/v1/orgs/" + org + "/upload-target", ADMIN_TOKEN);
        assertEquals(200, recovered.status());
        assertFalse(recovered.json().getBoolean("usingFallback"));

        JsonObject newest = api.get("api/v1/orgs/" + org + "/cas-backends/oci/events", ADMIN_TOKEN).array()
                .getJsonObject(0);
        assertEquals("request-path", newest.getString("source"));
        assertEquals("OK", newest.getString("newStatus"));
        assertTrue(newest.getBoolean("recovery"));

        assertEquals(204, api.delete("api/v1/orgs/" + org + "/cas-backends/inline", ADMIN_TOKEN).status());
        registry.setPassword("guard", "rotated-again");
        api.post("api/v1/orgs/" + org + "/cas-backends/oci/revalidate", ADMIN_TOKEN, null);
        Reply blocked = api.get("api/v1/orgs/" + org + "/upload-target", ADMIN_TOKEN);
        assertEquals(403, blocked.status());
        assertEquals("CAS_BACKEND_INVALID", blocked.code());
        registry.setPassword("guard", "pw-guard");
    }

    @Test
    void unguardedEndpointsNeverRevalidateOrBlock() {
        Api api = api();
        String org = orgWithOciDefault(api, "guard-untouched");
        age(org, "2 hours");
        long before = checks();
        assertEquals(200, api.get("api/v1/orgs/" + org, ADMIN_TOKEN).status());
        assertEquals(200, api.get("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN).status());
        assertEquals(200, api.get("api/v1/orgs/" + org + "/cas-backends/oci", ADMIN_TOKEN).status());
        assertEquals(before, checks());
    }
}
