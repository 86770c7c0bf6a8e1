package dev.casguard.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for driving casguard in tests, the way a user with curl would. */
public final class Api {

    public static final String ADMIN_TOKEN =
            System.getenv().getOrDefault("CASGUARD_ADMIN_TOKEN", "test-admin-token-0123456789abcdef");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public Api(URI base) {
        this.base = base;
    }

    /**
     * The container reports the machine's outward address; tests talk to loopback only, where the
     * server listens.
     */
    public static Api at(String base) {
        URI reported = URI.create(base.endsWith("/") ? base : base + "/");
        return new Api(URI.create("http://127.0.0.1:" + reported.getPort() + reported.getPath()));
    }

    /** A response with its body parsed when it is JSON. */
    public record Reply(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonObject json() {
            return (JsonObject) parse();
        }

        public JsonArray array() {
            return (JsonArray) parse();
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** The problem's code, for problem+json replies. */
        public String code() {
            return json().getString("code");
        }

        private JsonStructure parse() {
            return Json.createReader(new StringReader(body)).read();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Reply delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    public Reply post(String path, String token, JsonValue body) {
        return send("POST", path, token, body == null ? null : body.toString(), "application/json");
    }

    public Reply patch(String path, String token, JsonValue body) {
        return send("PATCH", path, token, body.toString(), "application/json");
    }

    public Reply send(String method, String path, String token, String body, String contentType) {
        // "/x" is relative to the server (health, metrics); "x" to the application's context root
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonObject obj(Object... keyValues) {
        var builder = Json.createObjectBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = (String) keyValues[i];
            Object value = keyValues[i + 1];
            if (value == null) {
                builder.addNull(key);
            } else if (value instanceof String s) {
                builder.add(key, s);
            } else if (value instanceof Boolean b) {
                builder.add(key, b);
            } else if (value instanceof Integer n) {
                builder.add(key, n);
            } else if (value instanceof Long n) {
                builder.add(key, n);
            } else if (value instanceof JsonValue v) {
                builder.add(key, v);
            } else {
                throw new IllegalArgumentException("unsupported value " + value);
            }
        }
        return builder.build();
    }

    // --- shortcuts for setting up a scenario ---

    /** A name no earlier run used: the database outlives a test run. */
    public static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    public String createOrg(String name) {
        Reply reply = post("api/v1/orgs", ADMIN_TOKEN, obj("name", name));
        if (reply.status() != 201) {
            throw new AssertionError("creating org " + name + ": " + reply);
        }
        return name;
    }

    /** An OCI backend on a loopback registry, e.g. {@code location = "127.0.0.1:5000/team/repo"}. */
    public void createOci(String org, String name, String location, String username, String password,
            boolean isDefault, boolean fallback) {
        Reply reply = post("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN, obj("name", name,
                "provider", "OCI", "location", location, "default", isDefault, "fallback", fallback,
                "credentials", obj("username", username, "password", password)));
        if (reply.status() != 201) {
            throw new AssertionError("creating OCI backend " + name + ": " + reply);
        }
    }

    public String mintToken(String org, String name) {
        Reply reply = post("api/v1/orgs/" + org + "/tokens", ADMIN_TOKEN, obj("name", name));
        if (reply.status() != 201) {
            throw new AssertionError("minting token: " + reply);
        }
        return reply.json().getString("token");
    }
}
