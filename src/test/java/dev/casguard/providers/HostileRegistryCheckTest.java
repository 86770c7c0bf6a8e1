package dev.casguard.providers;

import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.ConnectionCounter;
import dev.casguard.testing.HostileRegistry;
import dev.casguard.testing.HostileRegistry.Misbehaviour;
import dev.casguard.testing.HostileRegistry.Options;
import dev.casguard.testing.HostileRegistry.Step;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The OCI check against a registry-shaped server of a hostile tenant's, on an allow-listed
 * {@code host:port}: every weakness the outbound path closes, each driven for real over loopback.
 */
class HostileRegistryCheckTest {

    private static final String USER = "tenant";
    private static final String PASSWORD = "tenant-pw";
    private static final Duration BUDGET = Duration.ofSeconds(3);
    private static final long MIB = 1024 * 1024;

    private record Checked(CheckResult result, long millis) {
    }

    private static Checked check(String location, String allowList, NameLookup lookup) {
        long started = System.nanoTime();
        Outbound outbound = Exchanges.outbound(allowList, lookup, TrustedCertificates.load(null));
        try (OutboundExchange exchange = outbound.open(Exchanges.ORG, Deadline.after(BUDGET))) {
            CheckResult result = new OciRegistryCheck().check(location, obj("username", USER, "password", PASSWORD),
                    exchange);
            return new Checked(result, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static Checked check(HostileRegistry registry) {
        return check(registry.location("team/repo"), "127.0.0.1:" + registry.port(), NameLookup.SYSTEM);
    }

    @Test
    void anUploadLocationOnAnotherPortIsRefusedAndNothingIsSentThere() throws Exception {
        try (ConnectionCounter bait = new ConnectionCounter(0);
                HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.FOREIGN_LOCATION,
                        Step.UPLOAD, Options.DEFAULTS.withForeignLocation(
                                "http://127.0.0.1:" + bait.port() + "/v2/team/repo/blobs/uploads/1"))) {
            Checked checked = check(registry);
            assertFalse(checked.result().ok());
            assertTrue(checked.result().error().contains("another scheme, host or port"), checked.result().error());
            assertEquals(0, bait.accepted(), "no connection to the foreign location");
            assertTrue(registry.requests().stream().noneMatch(r -> r.startsWith("DELETE")), registry.requests().toString());
        }
    }

    @Test
    void anEndlessAnswerTheCheckNeedsIsCutAtItsCap() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.ENDLESS_BODY, Step.TOKEN,
                Options.DEFAULTS.withStatus(200)).withTokenAuth()) {
            Checked checked = check(registry);
            assertFalse(checked.result().ok());
            assertTrue(checked.result().error().contains("too large"), checked.result().error());
            assertTrue(checked.millis() < BUDGET.toMillis(), "ended at the cap, not the deadline: " + checked.millis());
            Thread.sleep(200);
            assertTrue(registry.bytesWritten() < 64 * MIB, "the rest was not read: " + registry.bytesWritten());
        }
    }

    @Test
    void anEndlessAnswerNobodyNeedsIsNotRead() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.ENDLESS_CHUNKED)) {
            Checked checked = check(registry);
            assertTrue(checked.result().ok(), checked.result().error());
            Thread.sleep(200);
            assertTrue(registry.bytesWritten() < 64 * MIB, "the ping's body was dropped: " + registry.bytesWritten());
        }
    }

    @Test
    void aDrippingBodyEndsAtTheDeadline() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.DRIPPING_BODY, Step.TOKEN,
                Options.DEFAULTS.withStatus(200).withDrip(Duration.ofMillis(100))).withTokenAuth()) {
            Checked checked = check(registry);
            assertFalse(checked.result().ok());
            assertTrue(checked.result().error().contains("did not answer in time"), checked.result().error());
            assertTrue(checked.millis() < BUDGET.toMillis() + 500, "took " + checked.millis() + " ms");
        }
    }

    @Test
    void drippingHeadersEndAtTheDeadline() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.DRIPPING_HEADERS, Step.PING,
                Options.DEFAULTS.withDrip(Duration.ofMillis(100)))) {
            Checked checked = check(registry);
            assertFalse(checked.result().ok());
            assertTrue(checked.result().error().contains("in time"), checked.result().error());
            assertTrue(checked.millis() < BUDGET.toMillis() + 500, "took " + checked.millis() + " ms");
        }
    }

    @Test
    void anOversizedChallengeIsAReasonNotACrash() throws Exception {
        for (int length : new int[] {5_000, 15_000, 200_000}) {
            try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.OVERSIZED_CHALLENGE,
                    Step.PING, Options.DEFAULTS.withChallengeLength(length))) {
                Checked checked = check(registry);
                assertFalse(checked.result().ok(), "length " + length);
                assertTrue(checked.millis() < BUDGET.toMillis(), "length " + length + ": " + checked.millis());
            }
        }
    }

    @Test
    void tenThousandHeadersAreTooLarge() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.HUGE_HEADERS)) {
            Checked checked = check(registry);
            assertFalse(checked.result().ok());
            assertTrue(checked.result().error().contains("too large"), checked.result().error());
        }
    }

    /**
     * The name answers 127.0.0.1 first and 127.0.0.2 on every later lookup (a rebinding DNS): the
     * check looks it up once and connects only to the first answer; a listener on the second
     * address, same port, counts no connection.
     */
    @Test
    void aNameIsLookedUpOnceAndOnlyItsVettedAddressIsConnectedTo() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.NONE);
                ConnectionCounter rebound = new ConnectionCounter(InetAddress.getByName("127.0.0.2"), registry.port())) {
            AtomicInteger lookups = new AtomicInteger();
            NameLookup rebinding = host -> new InetAddress[] {InetAddress.getByName(
                    lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")};
            Checked checked = check("registry.tenant.test:" + registry.port() + "/team/repo",
                    "registry.tenant.test:" + registry.port(), rebinding);
            assertTrue(checked.result().ok(), checked.result().error());
            assertEquals(1, lookups.get(), "one lookup for the whole check");
            assertEquals(0, rebound.accepted(), "nothing reached the second answer's address");
            assertTrue(registry.requests().contains("POST /v2/team/repo/blobs/uploads/"), registry.requests().toString());
        }
    }

    @Test
    void aDestinationOffTheOrganizationsAllowListIsNeverContacted() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.NONE)) {
            Checked checked = check(registry.location("team/repo"), "globex@127.0.0.1:" + registry.port(),
                    NameLookup.SYSTEM);
            assertFalse(checked.result().ok());
            assertTrue(checked.result().error().contains("refused"), checked.result().error());
            assertEquals(0, registry.connections());
            Checked allowed = check(registry.location("team/repo"), Exchanges.ORG + "@127.0.0.1:" + registry.port(),
                    NameLookup.SYSTEM);
            assertTrue(allowed.result().ok(), allowed.result().error());
        }
    }
}
