package dev.casguard.testing;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api.Reply;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Every reply a provider test saw, so that it can finally assert that no credential it sent
 * appears in any of them, nor anywhere in the database.
 */
public final class ObservedReplies {

    private final List<Reply> replies = new ArrayList<>();

    public Reply add(Reply reply) {
        replies.add(reply);
        return reply;
    }

    /** Creates a backend under a fresh name starting with {@code prefix}, through the API. */
    public Reply createBackend(Api api, String org, String prefix, String provider, String location,
            JsonObject credentials) {
        return add(api.post("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN, obj("name", Api.unique(prefix),
                "provider", provider, "location", location, "credentials", credentials)));
    }

    /** The provider check refused the credentials, saying why. */
    public static void assertRejected(Reply reply, String reasonFragment) {
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("CAS_BACKEND_CREDENTIALS_INVALID", reply.code(), reply.toString());
        String detail = reply.json().getString("detail");
        assertTrue(detail.contains(reasonFragment), "'" + reasonFragment + "' in: " + detail);
    }

    public void assertNoneContains(String... secrets) {
        String everything = replies.toString() + Database.dumpAsText();
        for (String secret : secrets) {
            assertFalse(everything.contains(secret), "a secret appears in a response or the database");
        }
    }
}
