package dev.casguard.providers;

import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.SilentServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both checks give up when the deadline passes, against a server that accepts and never answers. */
class DeadlineHonouredTest {

    // Room for the SDK's first-use start-up on a busy 2-core machine before it reaches the server.
    private static final Duration BUDGET = Duration.ofMillis(4000);
    private SilentServer silent;
    private int port;
    private String allowList;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        silent = new SilentServer(port);
        allowList = "127.0.0.1:" + port;
    }

    @AfterEach
    void stop() throws Exception {
        silent.close();
    }

    private void assertGivesUpInTime(ProviderCheck check, String location, jakarta.json.JsonObject credentials) {
        long started = System.nanoTime();
        CheckResult result;
        try (OutboundExchange exchange = Exchanges.open(allowList, BUDGET)) {
            result = check.check(location, credentials, exchange);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertFalse(result.ok());
        assertTrue(result.error().contains("in time"), result.error());
        assertTrue(millis < BUDGET.toMillis() + 1000, "took " + millis + " ms");
        assertTrue(silent.accepted() > 0, "the server was reached");
    }

    @Test
    void s3() {
        S3BucketCheck check = new S3BucketCheck();
        assertGivesUpInTime(check, "some-bucket",
                obj("accessKeyId", "k", "secretAccessKey", "s", "endpoint", "http://127.0.0.1:" + port));
    }

    @Test
    void azureBlob() {
        AzureBlobCheck check = new AzureBlobCheck();
        assertGivesUpInTime(check, "account/container",
                obj("accountKey", "a2V5", "endpoint", "http://127.0.0.1:" + port + "/account"));
    }
}
