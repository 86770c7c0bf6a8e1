package dev.casguard.faults;

import static dev.casguard.testing.FaultReport.observe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.FaultReport;
import dev.casguard.testing.TestPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Instances started again and again while clients that speak HTTP/2 cleartext by default (Java's
 * HttpClient offers the h2c upgrade on its first request) poll them from the first second, with a
 * short per-request deadline, so that their first requests time out while the WAR deploys. On a
 * stock listener some of those connections stop being read for good (README, Known limits:
 * Grizzly and a cancelled upgrade request); casguard's listener must leave none stalled.
 */
@Tag("fault")
@Tag("slow")
@ExtendWith(FaultReport.class)
class H2cDuringDeploymentIT {

    private static final int ROUNDS = 7;
    private static final List<Integer> PORTS = TestPorts.range("h2c.instances");
    private static final int CLIENTS_PER_INSTANCE = 3;
    /** Short enough that requests answered while the WAR deploys time out, as a client's deadline would. */
    private static final Duration REQUEST_DEADLINE = Duration.ofMillis(400);
    /** Long after the instance is ready: a connection still unanswered then is stalled. */
    private static final Duration GRACE_AFTER_READY = Duration.ofSeconds(15);

    @Test
    void noConnectionStallsWhenClientsConnectDuringDeployment() throws Exception {
        int starts = 0;
        int stalls = 0;
        AtomicInteger timeouts = new AtomicInteger();
        Map<String, Integer> versions = new TreeMap<>();
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<CasguardInstance> instances = new ArrayList<>();
                List<Future<String>> polls = new ArrayList<>();
                try {
                    for (int i = 0; i < PORTS.size(); i++) {
                        CasguardInstance instance = CasguardInstance.launch("h2c-" + round + "-" + i, PORTS.get(i),
                                Map.of(), CasguardInstance.UNCLUSTERED);
                        instances.add(instance);
                        for (int c = 0; c < CLIENTS_PER_INSTANCE; c++) {
                            polls.add(clients.submit(() -> pollUntilReady(instance.base(), timeouts)));
                        }
                    }
                    for (CasguardInstance instance : instances) {
                        instance.awaitReady(Duration.ofMinutes(3));
                        starts++;
                    }
                    long deadline = System.nanoTime() + GRACE_AFTER_READY.toNanos();
                    for (Future<String> poll : polls) {
                        try {
                            versions.merge(poll.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), 1, Integer::sum);
                        } catch (java.util.concurrent.TimeoutException e) {
                            stalls++;
                            poll.cancel(true);
                        }
                    }
                } finally {
                    instances.forEach(CasguardInstance::close);
                }
            }
        } finally {
            clients.shutdownNow();
        }
        observe("starts", starts);
        observe("clients", starts * CLIENTS_PER_INSTANCE);
        observe("stalled", stalls);
        observe("timed-out-requests", timeouts.get());
        observe("ready-by-version", versions);
        assertTrue(timeouts.get() > 0, "no request timed out during deployment: the scenario did not reach its trigger");
        assertEquals(0, stalls, "h2c connections left stalled after the instance was ready");
        assertTrue(starts >= 20, "at least 20 starts");
    }

    /** Polls /health/ready on one client of its own; returns the HTTP version of the first 200. */
    private static String pollUntilReady(String base, AtomicInteger timeouts) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient(); // HTTP/2 by default: offers the h2c upgrade
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "health/ready")).timeout(REQUEST_DEADLINE).build();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                HttpResponse<Void> response = http.send(ready, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return response.version().name();
                }
            } catch (HttpTimeoutException e) {
                timeouts.incrementAndGet();
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new InterruptedException();
    }
}
