package dev.casguard.webhooks;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static dev.casguard.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.Api.Reply;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.TestPorts;
import dev.casguard.testing.WebhookReceiver;
import dev.casguard.testing.WebhookReceiver.Behaviour;
import dev.casguard.testing.WebhookReceiver.Received;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Webhooks on three real clustered instances, each running the delivery worker, against receivers
 * on loopback that check signatures with the Standard Webhooks project's verifier: the contract of
 * the endpoints, one delivery per status change made by one instance, a receiver down for a while,
 * hostile receivers beside a healthy one, and the instance making an attempt killed mid-way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksClusterIT {

    private static final int REGISTRY_PORT = TestPorts.port("webhooks.registry");
    private static final List<Integer> RECEIVER_PORTS = TestPorts.range("webhooks.receivers");
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final String REPO = "hooks/main";

    private static final String ACME = Api.unique("wh-acme");
    private static final String HANG_ONE = Api.unique("wh-hang-a");
    private static final String HANG_TWO = Api.unique("wh-hang-b");
    private static final String ENDLESS = Api.unique("wh-endless");
    private static final String GOOD = Api.unique("wh-good");
    private static final String KILL = Api.unique("wh-kill");
    private static final String OUTSIDER = Api.unique("wh-outsider");
    private static final String GIVE_UP = Api.unique("wh-give-up");

    private static RegistryServer registry;
    private static WebhookReceiver acmeReceiver;
    private static WebhookReceiver hangingReceiver;
    private static WebhookReceiver endlessReceiver;
    private static WebhookReceiver goodReceiver;
    private static WebhookReceiver killReceiver;
    private static WebhookReceiver refusingReceiver;
    private static final List<CasguardInstance> instances = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        registry = RegistryServer.basic(REGISTRY_PORT, "hooks", "pw-hooks");
        acmeReceiver = new WebhookReceiver(RECEIVER_PORTS.get(0));
        hangingReceiver = new WebhookReceiver(RECEIVER_PORTS.get(1));
        endlessReceiver = new WebhookReceiver(RECEIVER_PORTS.get(2));
        goodReceiver = new WebhookReceiver(RECEIVER_PORTS.get(3));
        killReceiver = new WebhookReceiver(RECEIVER_PORTS.get(4));
        refusingReceiver = new WebhookReceiver(RECEIVER_PORTS.get(5));
        String receivers = String.join(",",
                ACME + "@127.0.0.1:" + RECEIVER_PORTS.get(0),
                HANG_ONE + "," + HANG_TWO + "@127.0.0.1:" + RECEIVER_PORTS.get(1),
                ENDLESS + "@127.0.0.1:" + RECEIVER_PORTS.get(2),
                GOOD + "@127.0.0.1:" + RECEIVER_PORTS.get(3),
                KILL + "@127.0.0.1:" + RECEIVER_PORTS.get(4),
                GIVE_UP + "@127.0.0.1:" + RECEIVER_PORTS.get(5));
        Map<String, String> settings = CasguardInstance.settings(
                // status changes come from revalidate calls, so each one is known to the test
                "CASGUARD_CHECKER_ENABLED", "false",
                // shorter than the defaults (PT10S, PT5S) so that retries and lease take-overs fit a test
                "CASGUARD_WEBHOOKS_TIMEOUT", ATTEMPT_TIMEOUT.toString(),
                "CASGUARD_WEBHOOKS_FIRST_RETRY", "PT1S",
                // not a day: a delivery the receiver never takes fails within the test (pauses 1, 4, 13 s)
                "CASGUARD_WEBHOOKS_GIVE_UP_AFTER", "PT40S",
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + REGISTRY_PORT + "," + receivers);
        instances.addAll(CasguardInstance.launchAll(List.of("wh-a", "wh-b", "wh-c"),
                TestPorts.range("webhooks.instances"), settings));
        Api api = instances.get(0).api();
        for (String org : List.of(ACME, HANG_ONE, HANG_TWO, ENDLESS, GOOD, KILL, OUTSIDER, GIVE_UP)) {
            api.createOrg(org);
        }
        api.createOci(ACME, "main", registry.location(REPO), "hooks", "pw-hooks", true, false);
    }

    @AfterAll
    static void stopCluster() {
        instances.forEach(CasguardInstance::close);
        for (AutoCloseable closeable : new AutoCloseable[] {registry, acmeReceiver, hangingReceiver, endlessReceiver,
            goodReceiver, killReceiver, refusingReceiver}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing what is left
            }
        }
    }

    @Test
    @Order(1)
    void subscriptionsFollowTheContractAndNeverShowTheirSecretAgain() {
        Api api = instances.get(0).api();
        String token = api.mintToken(OUTSIDER, "hooks");
        Reply refused = api.post(hooks(OUTSIDER), token, obj("url", acmeReceiver.url()));
        assertEquals(400, refused.status(), "allow-listed for another organization only: " + refused);
        assertEquals("VALIDATION_FAILED", refused.code());
        assertTrue(refused.json().getString("detail").contains("refused"), refused.toString());
        for (JsonObject bad : List.of(obj("url", "http://hooks.example.com/in"), obj("url", "https://10.1.2.3/in"),
                obj("url", "ftp://hooks.example.com/"), obj("url", "https://u:p@hooks.example.com/"),
                obj("url", acmeReceiver.url(), "events", Json.createArrayBuilder().add("backend.deleted").build()),
                obj("url", acmeReceiver.url(), "color", "red"), obj("events", Json.createArrayBuilder().build()))) {
            Reply reply = api.post(hooks(ACME), ADMIN_TOKEN, bad);
            assertEquals(400, reply.status(), bad + " -> " + reply);
            assertEquals("VALIDATION_FAILED", reply.code(), reply.toString());
        }
        Reply notJson = api.send("POST", hooks(ACME), ADMIN_TOKEN, "url=x", "application/x-www-form-urlencoded");
        assertEquals(415, notJson.status(), notJson.toString());

        Reply made = api.post(hooks(ACME), api.mintToken(ACME, "hooks"), obj("url", acmeReceiver.url(),
                "description", "ops channel"));
        assertEquals(201, made.status(), made.toString());
        JsonObject webhook = made.json();
        String id = webhook.getString("id");
        String secret = webhook.getString("secret");
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), "whsec_ and base64 of 32 bytes");
        assertEquals(List.of("id", "url", "events", "description", "secret", "createdAt"), List.copyOf(webhook.keySet()));
        assertEquals(acmeReceiver.url(), webhook.getString("url"));
        assertEquals("[\"backend.status-changed\"]", webhook.getJsonArray("events").toString());
        assertTrue(made.header("Location").endsWith("/webhooks/" + id), made.toString());
        acmeReceiver.verifyingWith(secret);

        Api other = instances.get(1).api();
        JsonArray listed = other.get(hooks(ACME), ADMIN_TOKEN).array();
        assertEquals(1, listed.size());
        assertEquals(List.of("id", "url", "events", "description", "createdAt"),
                List.copyOf(listed.getJsonObject(0).keySet()), "no secret once created");
        Reply one = other.get(hooks(ACME) + "/" + id, ADMIN_TOKEN);
        assertEquals(200, one.status());
        assertFalse(one.body().contains(secret.substring(6)), "no secret once created");
        assertEquals(404, other.get(hooks(OUTSIDER) + "/" + id, ADMIN_TOKEN).status(), "another organization's");
        assertEquals(404, other.get(hooks(ACME) + "/not-a-uuid", ADMIN_TOKEN).status());
        assertEquals(400, other.get(hooks(ACME) + "/" + id + "/deliveries?limit=0", ADMIN_TOKEN).status());
        assertEquals(List.of(List.of("0")), Database.rows("select count(*) from webhook where id = '" + id
                + "' and position(convert_to('" + secret.substring(6) + "', 'UTF8') in secret) > 0"),
                "stored sealed, not as given");

        Reply spare = api.post(hooks(ACME), ADMIN_TOKEN, obj("url", acmeReceiver.url() + "?spare=1"));
        String spareId = spare.json().getString("id");
        assertEquals(204, other.delete(hooks(ACME) + "/" + spareId, ADMIN_TOKEN).status());
        assertEquals(404, api.get(hooks(ACME) + "/" + spareId, ADMIN_TOKEN).status(), "gone on every instance");

        Reply ping = instances.get(2).api().post(hooks(ACME) + "/" + id + "/test", ADMIN_TOKEN, null);
        assertEquals(202, ping.status(), ping.toString());
        assertEquals("ping", ping.json().getString("event"));
        String pingId = ping.json().getString("id");
        await(() -> acmeReceiver.attemptsOf(pingId).size() == 1, Duration.ofSeconds(20));
        Received pinged = acmeReceiver.attemptsOf(pingId).get(0);
        assertTrue(pinged.verified(), pinged.verifierError());
        JsonObject body = json(pinged.body());
        assertEquals("ping", body.getString("type"));
        assertEquals(Map.of("organization", ACME, "webhook", id), Map.of(
                "organization", body.getJsonObject("data").getString("organization"),
                "webhook", body.getJsonObject("data").getString("webhook")));
        await(() -> "delivered".equals(delivery(ACME, id, pingId).getString("status")), Duration.ofSeconds(10));
        for (CasguardInstance instance : instances) {
            assertFalse(instance.log().contains(secret.substring(6)), instance.name() + " logged the secret");
        }
        String openapi = api.get("/openapi", null).body();
        for (String path : List.of("/webhooks:", "/webhooks/{id}:", "/webhooks/{id}/test:", "/webhooks/{id}/deliveries:",
                "/webhooks/{id}/deliveries/{delivery}/retry:")) {
            assertTrue(openapi.contains("/api/v1/orgs/{org}" + path), "/openapi documents " + path);
        }
    }

    @Test
    @Order(2)
    void aBackendGoingInvalidAndRecoveringIsDeliveredOncePerChangeByOneInstance() throws Exception {
        String webhook = onlyWebhook(ACME);
        double deliveredBefore = sum("casguard_webhook_deliveries_total", "outcome=\"delivered\"");
        int before = acmeReceiver.received().size();

        registry.setPassword("hooks", "rotated");
        assertEquals("Invalid", revalidate(instances.get(1), ACME, "main").getString("validationStatus"));
        await(() -> acmeReceiver.received().size() == before + 1, Duration.ofSeconds(20));
        registry.setPassword("hooks", "pw-hooks");
        assertEquals("OK", revalidate(instances.get(2), ACME, "main").getString("validationStatus"));
        await(() -> acmeReceiver.received().size() == before + 2, Duration.ofSeconds(20));
        Thread.sleep(3_000); // time for a duplicate to show up, were there one

        List<Received> changes = acmeReceiver.received().subList(before, acmeReceiver.received().size());
        System.out.println("[webhooks] status changes received: " + changes.size() + " " + acmeReceiver.describe());
        assertEquals(2, changes.size(), "one request per change: " + changes);
        assertNotEquals(changes.get(0).id(), changes.get(1).id());
        for (Received change : changes) {
            assertTrue(change.verified(), "the Standard Webhooks verifier accepts it: " + change.verifierError());
        }
        JsonObject invalid = json(changes.get(0).body());
        JsonObject recovered = json(changes.get(1).body());
        assertEquals("backend.status-changed", invalid.getString("type"));
        JsonObject data = invalid.getJsonObject("data");
        assertEquals(ACME, data.getString("organization"));
        assertEquals("main", data.getJsonObject("backend").getString("name"));
        assertEquals("OCI", data.getJsonObject("backend").getString("provider"));
        assertEquals(List.of("OK", "Invalid", "denied", "api", "wh-b", "false"), List.of(data.getString("previousStatus"),
                data.getString("newStatus"), data.getString("validationFailure"), data.getString("source"),
                data.getString("instance"), String.valueOf(data.getBoolean("recovery"))));
        assertFalse(data.isNull("error"));
        JsonObject back = recovered.getJsonObject("data");
        assertEquals(List.of("Invalid", "OK", "wh-c", "true"), List.of(back.getString("previousStatus"),
                back.getString("newStatus"), back.getString("instance"), String.valueOf(back.getBoolean("recovery"))));
        assertTrue(back.isNull("validationFailure") && back.isNull("error"), back.toString());

        JsonArray deliveries = instances.get(0).api().get(hooks(ACME) + "/" + webhook + "/deliveries", ADMIN_TOKEN).array();
        assertEquals(List.of("id", "event", "status", "attempts", "lastStatusCode", "lastError", "nextAttemptAt",
                "createdAt", "deliveredAt"), List.copyOf(deliveries.getJsonObject(0).keySet()));
        for (int i = 0; i < 2; i++) {
            JsonObject listed = deliveries.getJsonObject(i);
            assertEquals(changes.get(1 - i).id(), listed.getString("id"), "newest first; the id is the webhook-id");
            assertEquals(List.of("backend.status-changed", "delivered", "1", "204"), List.of(listed.getString("event"),
                    listed.getString("status"), String.valueOf(listed.getInt("attempts")),
                    String.valueOf(listed.getInt("lastStatusCode"))));
            assertTrue(listed.isNull("nextAttemptAt") && listed.isNull("lastError"), listed.toString());
        }
        for (Received change : changes) {
            List<List<String>> by = Database.rows("select delivered_by from webhook_delivery where id = '"
                    + change.id() + "'");
            assertTrue(Set.of("wh-a", "wh-b", "wh-c").contains(by.get(0).get(0)), "made by one instance: " + by);
        }
        assertEquals(deliveredBefore + 2, sum("casguard_webhook_deliveries_total", "outcome=\"delivered\""),
                "two accepted attempts across the cluster");
    }

    @Test
    @Order(3)
    void aReceiverThatIsDownForAWhileGetsTheDeliveryWhenItIsBackWithTheSameId() throws Exception {
        String webhook = onlyWebhook(ACME);
        int before = acmeReceiver.received().size();
        acmeReceiver.behave(Behaviour.UNAVAILABLE);
        registry.setPassword("hooks", "rotated-again");
        assertEquals("Invalid", revalidate(instances.get(0), ACME, "main").getString("validationStatus"));
        await(() -> acmeReceiver.received().size() >= before + 2, Duration.ofSeconds(20));
        acmeReceiver.down();
        String id = acmeReceiver.received().get(before).id();
        // attempts counts claims: the third one's outcome is in once its error is the closed port's
        await(() -> delivery(ACME, webhook, id).getInt("attempts") >= 3
                && delivery(ACME, webhook, id).isNull("lastStatusCode"), Duration.ofSeconds(20));
        JsonObject refused = delivery(ACME, webhook, id);
        System.out.println("[webhooks] while down: " + refused);
        assertEquals("pending", refused.getString("status"));
        assertTrue(refused.isNull("lastStatusCode") && refused.getString("lastError").contains("unreachable"),
                refused.toString());
        assertFalse(refused.isNull("nextAttemptAt"));
        acmeReceiver.behave(Behaviour.ACCEPT);
        acmeReceiver.up();
        await(() -> "delivered".equals(delivery(ACME, webhook, id).getString("status")), Duration.ofSeconds(60));

        List<Received> attempts = acmeReceiver.received().subList(before, acmeReceiver.received().size());
        System.out.println("[webhooks] down for a while: " + attempts.size() + " requests reached the receiver, "
                + delivery(ACME, webhook, id).getInt("attempts") + " attempts");
        assertTrue(attempts.size() >= 3, "two 503s and the one taken: " + attempts);
        assertEquals(Set.of(id), attempts.stream().map(Received::id).collect(Collectors.toSet()), "one webhook-id");
        assertEquals(1, attempts.stream().map(Received::body).distinct().count(), "the same body every time");
        assertTrue(attempts.get(attempts.size() - 1).verified());

        registry.setPassword("hooks", "pw-hooks");
        assertEquals("OK", revalidate(instances.get(0), ACME, "main").getString("validationStatus"));
        await(() -> acmeReceiver.received().size() == before + attempts.size() + 1, Duration.ofSeconds(20));
        Reply retried = instances.get(1).api().post(hooks(ACME) + "/" + webhook + "/deliveries/" + id + "/retry",
                ADMIN_TOKEN, null);
        assertEquals(202, retried.status(), retried.toString());
        await(() -> acmeReceiver.attemptsOf(id).size() == attempts.size() + 1, Duration.ofSeconds(20));
        assertTrue(acmeReceiver.attemptsOf(id).get(attempts.size()).verified(), "sent again, same id, signed anew");
    }

    @Test
    @Order(4)
    void hangingAndEndlessReceiversDoNotDelayAnotherOrganizationsDelivery() throws Exception {
        hangingReceiver.behave(Behaviour.HANG);
        endlessReceiver.behave(Behaviour.ENDLESS_BODY);
        Api api = instances.get(0).api();
        for (String org : List.of(HANG_ONE, HANG_TWO)) {
            for (int i = 0; i < 25; i++) {
                String id = api.post(hooks(org), ADMIN_TOKEN, obj("url", hangingReceiver.url() + "?n=" + i)).json()
                        .getString("id");
                assertEquals(202, api.post(hooks(org) + "/" + id + "/test", ADMIN_TOKEN, null).status());
            }
        }
        Reply beyond = api.post(hooks(HANG_ONE), ADMIN_TOKEN, obj("url", hangingReceiver.url()));
        assertEquals(400, beyond.status(), "25 webhooks per organization: " + beyond);
        String endless = api.post(hooks(ENDLESS), ADMIN_TOKEN, obj("url", endlessReceiver.url())).json().getString("id");
        String endlessPing = api.post(hooks(ENDLESS) + "/" + endless + "/test", ADMIN_TOKEN, null).json().getString("id");
        await(() -> hangingReceiver.received().size() >= 2 && endlessReceiver.received().size() >= 1,
                Duration.ofSeconds(20));

        JsonObject good = api.post(hooks(GOOD), ADMIN_TOKEN, obj("url", goodReceiver.url())).json();
        goodReceiver.verifyingWith(good.getString("secret"));
        Instant asked = Instant.now();
        String goodPing = instances.get(1).api().post(hooks(GOOD) + "/" + good.getString("id") + "/test", ADMIN_TOKEN,
                null).json().getString("id");
        await(() -> goodReceiver.attemptsOf(goodPing).size() == 1, Duration.ofSeconds(30));
        Duration waited = Duration.between(asked, goodReceiver.attemptsOf(goodPing).get(0).at());
        int hanging = mostAtOnce(hangingReceiver.received(), ATTEMPT_TIMEOUT);
        System.out.println("[webhooks] with 50 hanging deliveries of two organizations and an endless answer: "
                + "another organization's ping arrived after " + waited.toMillis() + " ms; the hanging receiver had "
                + "at most " + hanging + " requests open at once (" + hangingReceiver.received().size() + " in all)");
        // unfair, the 24 senders of the cluster would all hang for the attempt timeout (5 s) first
        assertTrue(waited.compareTo(Duration.ofSeconds(4)) < 0, "not delayed by the hostile receivers: " + waited);
        assertTrue(goodReceiver.attemptsOf(goodPing).get(0).verified());
        assertTrue(hanging <= 2 * (2 + instances.size()), "each hostile organization holds about two attempts "
                + "(casguard.webhooks.per-organization, give or take a claim per instance): " + hanging);
        await(() -> "delivered".equals(delivery(ENDLESS, endless, endlessPing).getString("status")),
                Duration.ofSeconds(10));

        // deleting an organization deletes its webhooks and whatever of them was still to send
        for (String org : List.of(HANG_ONE, HANG_TWO)) {
            assertEquals(204, api.delete("api/v1/orgs/" + org, ADMIN_TOKEN).status());
            assertEquals(List.of(List.of("0")), Database.rows("select count(*) from webhook_delivery d join organization o"
                    + " on o.id = d.organization_id where o.name = '" + org + "'"));
        }
        hangingReceiver.behave(Behaviour.ACCEPT);
    }

    @Test
    @Order(5)
    void aDeliveryTheReceiverNeverTakesFailsOnceTheScheduleGivesUp() throws Exception {
        refusingReceiver.behave(Behaviour.UNAVAILABLE);
        Api api = instances.get(0).api();
        String webhook = api.post(hooks(GIVE_UP), ADMIN_TOKEN, obj("url", refusingReceiver.url())).json().getString("id");
        double failedBefore = sum("casguard_webhook_deliveries_total", "outcome=\"failed\"");
        String id = api.post(hooks(GIVE_UP) + "/" + webhook + "/test", ADMIN_TOKEN, null).json().getString("id");
        Reply again = instances.get(1).api().post(hooks(GIVE_UP) + "/" + webhook + "/test", ADMIN_TOKEN, null);
        assertEquals(id, again.json().getString("id"), "a second test while the ping waits is that ping");
        await(() -> "failed".equals(delivery(GIVE_UP, webhook, id).getString("status")), Duration.ofSeconds(75));
        JsonObject failed = delivery(GIVE_UP, webhook, id);
        System.out.println("[webhooks] given up: " + failed);
        assertTrue(failed.getInt("attempts") >= 4, "1 s, 4 s, then 13 s apart within 40 s: " + failed);
        assertEquals(503, failed.getInt("lastStatusCode"));
        assertTrue(failed.isNull("nextAttemptAt") && failed.isNull("deliveredAt"), failed.toString());
        assertEquals(failed.getInt("attempts"), refusingReceiver.attemptsOf(id).size(), "every attempt reached it");
        assertEquals(1, refusingReceiver.received().stream().map(Received::id).distinct().count(), "one delivery");
        assertEquals(failedBefore + 1, sum("casguard_webhook_deliveries_total", "outcome=\"failed\""));
    }

    @Test
    @Order(6)
    void anInstanceKilledMidAttemptLeavesTheDeliveryToAnotherWithTheSameId() throws Exception {
        killReceiver.behave(Behaviour.HANG);
        Api api = instances.get(0).api();
        JsonObject webhook = api.post(hooks(KILL), ADMIN_TOKEN, obj("url", killReceiver.url())).json();
        killReceiver.verifyingWith(webhook.getString("secret"));
        String id = api.post(hooks(KILL) + "/" + webhook.getString("id") + "/test", ADMIN_TOKEN, null).json()
                .getString("id");
        await(() -> killReceiver.attemptsOf(id).size() == 1, Duration.ofSeconds(20));
        String holder = Database.rows("select leased_by from webhook_delivery where id = '" + id + "'").get(0).get(0);
        CasguardInstance victim = instances.stream().filter(i -> i.name().equals(holder)).findFirst().orElseThrow();
        Instant killed = Instant.now();
        victim.kill();
        killReceiver.behave(Behaviour.ACCEPT);
        Api survivor = instances.stream().filter(i -> i != victim).findFirst().orElseThrow().api();
        await(() -> "delivered".equals(deliveryVia(survivor, KILL, webhook.getString("id"), id).getString("status")),
                Duration.ofSeconds(60));
        List<Received> attempts = killReceiver.attemptsOf(id);
        String deliveredBy = Database.rows("select delivered_by from webhook_delivery where id = '" + id + "'").get(0)
                .get(0);
        System.out.println("[webhooks] " + holder + " killed mid-attempt; " + deliveredBy + " delivered it "
                + Duration.between(killed, attempts.get(attempts.size() - 1).at()).toMillis() + " ms later");
        assertEquals(2, attempts.size(), "the cut attempt and the one taken: " + attempts);
        assertTrue(attempts.stream().allMatch(Received::verified), "both signed for the same id");
        assertNotEquals(holder, deliveredBy);
        assertEquals(2, deliveryVia(survivor, KILL, webhook.getString("id"), id).getInt("attempts"));
    }

    private static String hooks(String org) {
        return "api/v1/orgs/" + org + "/webhooks";
    }

    private static String onlyWebhook(String org) {
        JsonArray listed = instances.get(0).api().get(hooks(org), ADMIN_TOKEN).array();
        assertEquals(1, listed.size(), listed.toString());
        return listed.getJsonObject(0).getString("id");
    }

    private static JsonObject revalidate(CasguardInstance instance, String org, String backend) {
        Reply reply = instance.api().post("api/v1/orgs/" + org + "/cas-backends/" + backend + "/revalidate",
                ADMIN_TOKEN, null);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    private static JsonObject delivery(String org, String webhook, String id) {
        return deliveryVia(instances.get(0).api(), org, webhook, id);
    }

    private static JsonObject deliveryVia(Api api, String org, String webhook, String id) {
        return api.get(hooks(org) + "/" + webhook + "/deliveries?limit=1000", ADMIN_TOKEN).array()
                .getValuesAs(JsonObject.class).stream().filter(d -> d.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no delivery " + id));
    }

    /** The most requests that arrived within one attempt timeout of each other: each is cut by then. */
    private static int mostAtOnce(List<Received> requests, Duration open) {
        List<Instant> arrivals = requests.stream().map(Received::at).sorted().toList();
        int most = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            Instant from = arrivals.get(i).minus(open);
            int at = (int) arrivals.subList(0, i + 1).stream().filter(a -> a.isAfter(from)).count();
            most = Math.max(most, at);
        }
        return most;
    }

    private static double sum(String metric, String labels) {
        return instances.stream().mapToDouble(instance -> instance.metric(metric, labels)).sum();
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout) {
        try {
            waitFor(timeout, condition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
