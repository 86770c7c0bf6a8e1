package dev.casguard.testing;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * An organization's webhook receiver on loopback. It records every request it gets, checks each
 * signature with the Standard Webhooks project's own verifier (when given the subscription's
 * secret), and behaves as told: answers 204, answers 503, hangs without answering, answers an
 * endless body, or is down (its port closed) until brought back up.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** How it answers. */
    public enum Behaviour { ACCEPT, UNAVAILABLE, HANG, ENDLESS_BODY }

    /** One request as it arrived, and whether the Standard Webhooks verifier accepted its signature. */
    public record Received(Instant at, String id, String timestamp, String signature, String body,
            boolean verified, String verifierError) {
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Behaviour behaviour = Behaviour.ACCEPT;
    private volatile String secret;
    private volatile boolean closing;
    private HttpServer server;

    public WebhookReceiver(int port) throws IOException {
        this.port = port;
        up();
    }

    /** The subscription URL of this receiver. */
    public String url() {
        return "http://127.0.0.1:" + port + "/hooks/casguard";
    }

    public WebhookReceiver verifyingWith(String subscriptionSecret) {
        secret = subscriptionSecret;
        return this;
    }

    public void behave(Behaviour next) {
        behaviour = next;
    }

    /** Closes the port: connections are refused until {@link #up}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public synchronized void up() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
            server.setExecutor(handlers);
            server.createContext("/", this::handle);
            server.start();
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests of one {@code webhook-id}. */
    public List<Received> attemptsOf(String id) {
        return received.stream().filter(r -> id.equals(r.id())).toList();
    }

    public String describe() {
        return received.stream().map(r -> r.id() + "@" + r.at() + (r.verified() ? "" : " (unverified)"))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readNBytes(1 << 20), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = exchange.getRequestHeaders();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        boolean verified = false;
        String verifierError = "no secret given to the receiver";
        if (secret != null) {
            try {
                new Webhook(secret).verify(body, java.net.http.HttpHeaders.of(lowerCased(headers), (a, b) -> true));
                verified = true;
                verifierError = null;
            } catch (WebhookVerificationException e) {
                verifierError = e.getMessage();
            }
        }
        received.add(new Received(Instant.now(), id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body, verified, verifierError));
        switch (behaviour) {
            case ACCEPT -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
            case UNAVAILABLE -> {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
            }
            case HANG -> {
                while (!closing && behaviour == Behaviour.HANG) {
                    sleep(100);
                }
                exchange.close();
            }
            case ENDLESS_BODY -> {
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[8192];
                try (OutputStream out = exchange.getResponseBody()) {
                    while (!closing) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the sender stopped reading and closed: as it should
                }
            }
        }
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                Map.Entry::getValue, (a, b) -> a));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        down();
        handlers.shutdownNow();
    }
}
