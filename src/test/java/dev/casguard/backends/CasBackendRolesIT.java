package dev.casguard.backends;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.AgainstDeployedWar;
import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.Database;
import dev.casguard.testing.TestPorts;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backend rules that need no provider server: names, default and fallback roles with their
 * hand-over, maxBytes, immutable fields, soft delete, events. INLINE backends stand in for any kind.
 */
class CasBackendRolesIT extends AgainstDeployedWar {

    private static String backends(String org) {
        return "api/v1/orgs/" + org + "/cas-backends";
    }

    private JsonObject create(Api api, String org, Object... fields) {
        Reply reply = api.post(backends(org), ADMIN_TOKEN, obj(fields));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json();
    }

    private JsonObject get(Api api, String org, String name) {
        Reply reply = api.get(backends(org) + "/" + name, ADMIN_TOKEN);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    @Test
    void firstBackendBecomesDefaultAndRolesAreExclusive() {
        Api api = api();
        String org = api.createOrg(Api.unique("roles-exclusive"));
        JsonObject first = create(api, org, "name", "first", "provider", "INLINE");
        assertTrue(first.getBoolean("default"));
        assertEquals("OK", first.getString("validationStatus"));
        assertEquals(CasBackend.INLINE_MAX_BYTES, first.getJsonNumber("maxBytes").longValue());
        for (String field : List.of("id", "name", "provider", "location", "description", "default", "fallback",
                "maxBytes", "validationStatus", "validationError", "validatedAt", "createdAt", "updatedAt")) {
            assertTrue(first.containsKey(field), "Backend has " + field);
        }

        JsonObject second = create(api, org, "name", "second", "provider", "INLINE");
        assertFalse(second.getBoolean("default"), "an org with a default keeps it");

        JsonObject third = create(api, org, "name", "third", "provider", "INLINE", "default", true);
        assertTrue(third.getBoolean("default"));
        assertFalse(get(api, org, "first").getBoolean("default"), "setting default clears it elsewhere");

        create(api, org, "name", "fourth", "provider", "INLINE", "fallback", true);
        Reply fallbackMove = api.patch(backends(org) + "/second", ADMIN_TOKEN, obj("fallback", true));
        assertEquals(200, fallbackMove.status());
        assertFalse(get(api, org, "fourth").getBoolean("fallback"));
        assertEquals(1, Database.rows("select count(*) from cas_backend b join organization o on o.id = b.organization_id"
                + " where o.name = '" + org + "' and b.is_fallback and b.deleted_at is null").size());

        Reply both = api.post(backends(org), ADMIN_TOKEN,
                obj("name", "both", "provider", "INLINE", "default", true, "fallback", true));
        assertEquals(400, both.status());
        assertEquals("VALIDATION_FAILED", both.code());
    }

    @Test
    void aDefaultThatStopsBeingDefaultHandsOverToTheFallbackElseInline() {
        Api api = api();
        String org = api.createOrg(Api.unique("roles-handover"));
        create(api, org, "name", "primary", "provider", "INLINE");
        create(api, org, "name", "spare", "provider", "INLINE", "fallback", true);
        create(api, org, "name", "plain", "provider", "INLINE");

        assertEquals(204, api.delete(backends(org) + "/primary", ADMIN_TOKEN).status());
        JsonObject spare = get(api, org, "spare");
        assertTrue(spare.getBoolean("default"), "the fallback takes over");
        assertFalse(spare.getBoolean("fallback"));

        Reply unset = api.patch(backends(org) + "/spare", ADMIN_TOKEN, obj("default", false));
        assertEquals(200, unset.status());
        assertFalse(unset.json().getBoolean("default"));
        assertTrue(get(api, org, "plain").getBoolean("default"), "with no fallback, an INLINE backend takes over");

        assertEquals(404, api.get(backends(org) + "/primary", ADMIN_TOKEN).status());
        assertEquals(201, api.post(backends(org), ADMIN_TOKEN, obj("name", "primary", "provider", "INLINE")).status(),
                "a deleted backend's name is free again");
    }

    @Test
    void maxBytesAndImmutableFieldsAreChecked() {
        Api api = api();
        String org = api.createOrg(Api.unique("roles-limits"));
        create(api, org, "name", "in", "provider", "INLINE");
        Reply inlineLimit = api.post(backends(org), ADMIN_TOKEN,
                obj("name", "in2", "provider", "INLINE", "maxBytes", 20 * 1024 * 1024));
        assertEquals(400, inlineLimit.status());
        for (JsonObject patch : List.of(obj("name", "x"), obj("provider", "OCI"), obj("location", "x"),
                obj("maxBytes", 1), obj("maxBytes", "big"), obj("default", "yes"), obj("unknown", 1),
                obj("default", true, "fallback", true), obj("description", 5))) {
            Reply reply = api.patch(backends(org) + "/in", ADMIN_TOKEN, patch);
            assertEquals(400, reply.status(), patch + " -> " + reply);
            assertEquals("VALIDATION_FAILED", reply.code());
        }
        Reply described = api.patch(backends(org) + "/in", ADMIN_TOKEN, obj("description", "small things"));
        assertEquals("small things", described.json().getString("description"));
        Reply cleared = api.patch(backends(org) + "/in", ADMIN_TOKEN, obj("description", JsonValue.NULL));
        assertTrue(cleared.json().isNull("description"));

        // an allow-listed registry, so that only the body's shape is at fault
        String allowListed = "127.0.0.1:" + TestPorts.port("oci.basic-registry");
        for (JsonObject body : List.of(obj("name", "bad_name", "provider", "INLINE"),
                obj("name", "p", "provider", "FTP"), obj("name", "p"), obj("name", "p", "provider", "OCI"),
                obj("name", "p", "provider", "OCI", "location", allowListed + "/a/b",
                        "credentials", obj("username", "u", "password", "p"), "maxBytes", 1024),
                obj("name", "p", "provider", "OCI", "location", allowListed + "/a/b",
                        "credentials", obj("user", "u")))) {
            Reply reply = api.post(backends(org), ADMIN_TOKEN, body);
            assertEquals(400, reply.status(), body + " -> " + reply);
            assertEquals("VALIDATION_FAILED", reply.code());
        }
        assertEquals(409, api.post(backends(org), ADMIN_TOKEN, obj("name", "in", "provider", "INLINE")).status());
        assertEquals(404, api.get(backends(org) + "/absent", ADMIN_TOKEN).status());
        assertEquals(404, api.patch(backends(org) + "/absent", ADMIN_TOKEN, obj("description", "x")).status());
        assertEquals(404, api.delete(backends(org) + "/absent", ADMIN_TOKEN).status());
        assertEquals(404, api.get("api/v1/orgs/no-such-org/cas-backends", ADMIN_TOKEN).status());
    }

    @Test
    void revalidationAndEventsOfAnInlineBackend() {
        Api api = api();
        String org = api.createOrg(Api.unique("roles-events"));
        String token = api.mintToken(org, "t");
        create(api, org, "name", "in", "provider", "INLINE");
        Reply revalidated = api.post(backends(org) + "/in/revalidate", token, null);
        assertEquals(200, revalidated.status(), revalidated.toString());
        assertEquals("OK", revalidated.json().getString("validationStatus"));
        Reply events = api.get(backends(org) + "/in/events", token);
        assertEquals(200, events.status());
        assertEquals(1, events.array().size(), "one event per status change, not per validation");
        JsonObject created = events.array().getJsonObject(0);
        assertEquals("OK", created.getString("newStatus"));
        assertEquals("api", created.getString("source"));
        assertFalse(created.getBoolean("recovery"));
        assertFalse(created.getString("instance").isBlank());
        assertEquals(400, api.get(backends(org) + "/in/events?limit=0", token).status());
    }
}
