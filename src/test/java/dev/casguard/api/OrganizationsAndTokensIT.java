package dev.casguard.api;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.AgainstDeployedWar;
import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.Database;
import dev.casguard.testing.MetricsContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Organizations, tokens, authentication and the error shapes, against a real Payara Micro and PostgreSQL. */
class OrganizationsAndTokensIT extends AgainstDeployedWar {

    @Test
    void operatorCreatesListsAndDeletesOrganizations() {
        Api api = api();
        String name = Api.unique("org-lifecycle");
        Reply created = api.post("api/v1/orgs", ADMIN_TOKEN, obj("name", name));
        assertEquals(201, created.status(), created.toString());
        assertNotNull(created.json().getString("id"));
        assertEquals(name, created.json().getString("name"));
        assertTrue(created.json().getString("createdAt").endsWith("Z"));

        Reply duplicate = api.post("api/v1/orgs", ADMIN_TOKEN, obj("name", name));
        assertEquals(409, duplicate.status());
        assertEquals("ALREADY_EXISTS", duplicate.code());

        assertTrue(api.get("api/v1/orgs", ADMIN_TOKEN).body().contains("\"" + name + "\""));
        assertEquals(200, api.get("api/v1/orgs/" + name, ADMIN_TOKEN).status());

        assertEquals(204, api.delete("api/v1/orgs/" + name, ADMIN_TOKEN).status());
        Reply gone = api.get("api/v1/orgs/" + name, ADMIN_TOKEN);
        assertEquals(404, gone.status());
        assertEquals("NOT_FOUND", gone.code());
        assertFalse(api.get("api/v1/orgs", ADMIN_TOKEN).body().contains("\"" + name + "\""));
        // the name is free again once the organization is deleted
        assertEquals(201, api.post("api/v1/orgs", ADMIN_TOKEN, obj("name", name)).status());
    }

    @Test
    void deletingAnOrganizationRetiresItsBackendsInTheSameRequest() {
        // organizations announces the deletion; backends, the owner of cas_backend, retires the rows
        Api api = api();
        String name = Api.unique("org-cascade");
        assertEquals(201, api.post("api/v1/orgs", ADMIN_TOKEN, obj("name", name)).status());
        assertEquals(201, api.post("api/v1/orgs/" + name + "/cas-backends", ADMIN_TOKEN,
                obj("name", "inline", "provider", "INLINE", "default", true)).status());
        // stands for stored ciphertext (INLINE keeps none), to see it erased
        Database.execute("update cas_backend b set credentials = '\\x0102'::bytea from organization o"
                + " where o.id = b.organization_id and o.name = '" + name + "'");
        assertEquals(204, api.delete("api/v1/orgs/" + name, ADMIN_TOKEN).status());
        assertEquals(List.of(List.of("t", "f", "t")), Database.rows("select b.deleted_at is not null,"
                + " b.is_default, b.credentials is null from cas_backend b join organization o on o.id = b.organization_id"
                + " where o.name = '" + name + "'"), "retired, out of its role, credentials erased");
    }

    @Test
    void namesMustBeDnsLabels() {
        Api api = api();
        for (String bad : new String[] {"Upper", "under_score", "-lead", "trail-", "", "a".repeat(64), "dot.ted", "sp ace", "é"}) {
            Reply reply = api.post("api/v1/orgs", ADMIN_TOKEN, obj("name", bad));
            assertEquals(400, reply.status(), bad + " -> " + reply);
            assertEquals("VALIDATION_FAILED", reply.code());
        }
        String longest = Api.unique("x");
        longest = longest + "a".repeat(63 - longest.length());
        assertEquals(201, api.post("api/v1/orgs", ADMIN_TOKEN, obj("name", longest)).status());
    }

    @Test
    void malformedBodiesAreProblemsNeverServerErrors() {
        Api api = api();
        String[] bodies = {"{", "[]", "\"name\"", "{\"name\": 5}", "{\"name\": null}", "{\"nam\": \"x\"}", "", "null",
            "{\"name\": \"ok-name\", \"extra\": true}", "{\"name\": [\"x\"]}"};
        for (String body : bodies) {
            Reply reply = api.send("POST", "api/v1/orgs", ADMIN_TOKEN, body, "application/json");
            assertEquals(400, reply.status(), body + " -> " + reply);
            assertEquals("application/problem+json", reply.contentType());
            assertEquals("VALIDATION_FAILED", reply.code());
            assertTrue(reply.json().containsKey("type") && reply.json().containsKey("title")
                    && reply.json().containsKey("detail") && reply.json().getInt("status") == 400);
        }
        Reply notJson = api.send("POST", "api/v1/orgs", ADMIN_TOKEN, "name=x", "application/x-www-form-urlencoded");
        assertEquals(415, notJson.status());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", notJson.code());

        String big = "{\"name\": \"" + "a".repeat(70 * 1024) + "\"}";
        Reply tooLarge = api.send("POST", "api/v1/orgs", ADMIN_TOKEN, big, "application/json");
        assertEquals(413, tooLarge.status());
        assertEquals("PAYLOAD_TOO_LARGE", tooLarge.code());

        String deep = "{\"name\": " + "[".repeat(3000) + "]".repeat(3000) + "}";
        Reply tooDeep = api.send("POST", "api/v1/orgs", ADMIN_TOKEN, deep, "application/json");
        assertEquals(400, tooDeep.status(), tooDeep.toString());
        assertEquals("VALIDATION_FAILED", tooDeep.code());

        Reply noRoute = api.get("api/v1/nothing-here", ADMIN_TOKEN);
        assertEquals(404, noRoute.status());
        assertEquals("application/problem+json", noRoute.contentType());

        Reply wrongMethod = api.send("PUT", "api/v1/orgs", ADMIN_TOKEN, "{}", "application/json");
        assertEquals(405, wrongMethod.status());
        assertEquals("application/problem+json", wrongMethod.contentType());
    }

    @Test
    void tokensAreShownOnceStoredAsDigestsAndRevokedAtOnce() {
        Api api = api();
        String org = api.createOrg(Api.unique("org-tokens"));
        Reply minted = api.post("api/v1/orgs/" + org + "/tokens", ADMIN_TOKEN, obj("name", "ci"));
        assertEquals(201, minted.status());
        String token = minted.json().getString("token");
        assertTrue(token.length() >= 40, "at least 160 bits of randomness");

        Reply listed = api.get("api/v1/orgs/" + org + "/tokens", ADMIN_TOKEN);
        assertEquals(200, listed.status());
        assertEquals(1, listed.array().size());
        assertFalse(listed.body().contains(token), "listing never shows the secret");
        assertFalse(listed.array().getJsonObject(0).containsKey("token"));
        assertFalse(Database.dumpAsText().contains(token), "the database holds only a digest");

        assertEquals(409, api.post("api/v1/orgs/" + org + "/tokens", ADMIN_TOKEN, obj("name", "ci")).status());

        assertEquals(200, api.get("api/v1/orgs/" + org, token).status());
        String id = minted.json().getString("id");
        assertEquals(204, api.delete("api/v1/orgs/" + org + "/tokens/" + id, ADMIN_TOKEN).status());
        Reply revoked = api.get("api/v1/orgs/" + org, token);
        assertEquals(401, revoked.status());
        assertEquals("UNAUTHENTICATED", revoked.code());
        assertNotNull(revoked.header("WWW-Authenticate"));
        assertEquals(404, api.delete("api/v1/orgs/" + org + "/tokens/" + id, ADMIN_TOKEN).status());
        assertEquals(404, api.delete("api/v1/orgs/" + org + "/tokens/not-a-uuid", ADMIN_TOKEN).status());
    }

    @Test
    void orgTokensSeeOnlyTheirOwnOrganizationAndNoAdminEndpoints() {
        Api api = api();
        String mine = api.createOrg(Api.unique("org-mine"));
        String other = api.createOrg(Api.unique("org-other"));
        String token = api.mintToken(mine, "t");

        assertEquals(200, api.get("api/v1/orgs/" + mine, token).status());
        assertEquals(200, api.get("api/v1/orgs/" + mine + "/cas-backends", token).status());
        Reply foreign = api.get("api/v1/orgs/" + other, token);
        assertEquals(404, foreign.status());
        assertEquals("NOT_FOUND", foreign.code());
        assertEquals(404, api.get("api/v1/orgs/" + other + "/cas-backends", token).status());

        for (Reply adminOnly : new Reply[] {
            api.get("api/v1/orgs", token),
            api.post("api/v1/orgs", token, obj("name", "sneaky")),
            api.delete("api/v1/orgs/" + mine, token),
            api.get("api/v1/orgs/" + mine + "/tokens", token),
            api.post("api/v1/orgs/" + mine + "/tokens", token, obj("name", "more"))}) {
            assertEquals(403, adminOnly.status(), adminOnly.toString());
            assertEquals("FORBIDDEN", adminOnly.code());
        }

        Reply none = api.get("api/v1/orgs/" + mine, null);
        assertEquals(401, none.status());
        assertEquals("Bearer realm=\"casguard\"", none.header("WWW-Authenticate"));
        assertEquals(401, api.get("api/v1/orgs/" + mine, "cgo_unknown").status());

        // deleting the organization stops its tokens everywhere
        assertEquals(204, api.delete("api/v1/orgs/" + mine, ADMIN_TOKEN).status());
        assertEquals(401, api.get("api/v1/orgs/" + mine, token).status());
    }

    @Test
    void operationsEndpointsAnswer() {
        Api api = api();
        Reply ready = api.get("/health/ready", null);
        assertEquals(200, ready.status(), ready.toString());
        assertTrue(ready.body().contains("UP"));
        assertEquals(200, api.get("/health/live", null).status());
        assertEquals(200, api.get("/openapi", null).status());
        Reply metrics = api.get("/metrics", null);
        assertEquals(200, metrics.status());
        // the gauges a fresh instance already has, as the dashboards expect them on every Payara line
        MetricsContract.assertConforms(metrics.body(), Set.of("casguard_db_cluster_sessions", "casguard_db_server_sessions"));
    }
}
