package dev.casguard.providers;

import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.ScriptedRegistry;
import dev.casguard.testing.ScriptedRegistry.Answer;
import dev.casguard.testing.SilentServer;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A transient failure is tried again within the validation timeout, a definitive one is final at
 * once; each against a real loopback registry whose answers are scripted.
 */
class TransientFailuresTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static ProviderChecks checks(int port) {
        ProviderChecks checks = new ProviderChecks();
        checks.outbound = Exchanges.outbound("127.0.0.1:" + port, NameLookup.SYSTEM, TrustedCertificates.load(null));
        checks.timeout = TIMEOUT;
        return checks;
    }

    private static CheckResult check(ProviderChecks checks, String location) {
        return checks.run(new OciRegistryCheck(), Exchanges.ORG, location, obj("username", "u", "password", "p"));
    }

    @Test
    void aThrottledAnswerWithRetryAfterIsTriedAgainAfterItAndPasses() throws Exception {
        try (ScriptedRegistry registry = new ScriptedRegistry(0, Duration.ZERO, Answer.ACCEPTED,
                Answer.of(503, "Retry-After", "1"))) {
            long started = System.nanoTime();
            CheckResult result = check(checks(registry.port()), registry.location("team/repo"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(result.ok(), result.error());
            assertEquals(2, registry.uploadsOpened());
            assertTrue(millis >= 1000, "waited as asked: " + millis + " ms");
        }
    }

    @Test
    void deniedIsFinalAtOnce() throws Exception {
        try (ScriptedRegistry registry = new ScriptedRegistry(0, Duration.ZERO, Answer.of(401))) {
            CheckResult result = check(checks(registry.port()), registry.location("team/repo"));
            assertFalse(result.ok());
            assertEquals(FailureKind.DENIED, result.failure());
            assertEquals(1, registry.uploadsOpened(), "not tried again");
        }
    }

    @Test
    void aProviderErrorThatLastsEndsWithItsKindAfterThreeTries() throws Exception {
        try (ScriptedRegistry registry = new ScriptedRegistry(0, Duration.ZERO, Answer.of(500))) {
            CheckResult result = check(checks(registry.port()), registry.location("team/repo"));
            assertEquals(FailureKind.PROVIDER_ERROR, result.failure());
            assertEquals(ProviderChecks.TRIES, registry.uploadsOpened());
        }
    }

    @Test
    void aRetryAfterLongerThanWhatIsLeftIsNotWaitedFor() throws Exception {
        try (ScriptedRegistry registry = new ScriptedRegistry(0, Duration.ZERO, Answer.of(429, "Retry-After", "30"))) {
            long started = System.nanoTime();
            CheckResult result = check(checks(registry.port()), registry.location("team/repo"));
            assertEquals(FailureKind.THROTTLED, result.failure());
            assertEquals(1, registry.uploadsOpened());
            assertTrue(System.nanoTime() - started < TIMEOUT.toNanos(), "answered before the timeout");
        }
    }

    @Test
    void aRegistryThatKeepsTimingOutEndsTimeoutWithinTheValidationTimeout() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (SilentServer silent = new SilentServer(port)) {
            long started = System.nanoTime();
            CheckResult result = check(checks(port), "127.0.0.1:" + port + "/team/repo");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(FailureKind.TIMEOUT, result.failure(), result.error());
            assertTrue(millis < TIMEOUT.toMillis() + 500, "bounded by the validation timeout: " + millis + " ms");
            assertTrue(silent.accepted() >= 2, "tried again: " + silent.accepted() + " connections");
        }
    }
}
