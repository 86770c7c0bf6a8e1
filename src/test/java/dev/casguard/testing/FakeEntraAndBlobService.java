package dev.casguard.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * For the service-principal path, on one 127.0.0.1 port: an Entra ID token endpoint
 * ({@code /{tenant}/oauth2/v2.0/token}, client-credentials grant) that knows one client, and under
 * {@code /fakeblob} a stand-in blob service that records each request and accepts only that
 * client's bearer token. (Azurite takes bearer tokens over HTTPS only, so it cannot serve here.)
 */
public final class FakeEntraAndBlobService implements AutoCloseable {

    public static final String SCOPE = "https://storage.azure.com/.default";

    /** One request as it arrived; the form body already decoded for token requests. */
    public record Seen(String method, String path, String authorization, String msVersion, Map<String, String> form) {
    }

    private final HttpServer server;
    private final String tenant;
    private final String clientId;
    private final String clientSecret;
    private final String accessToken;
    private final List<Seen> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<Seen> blobRequests = new CopyOnWriteArrayList<>();

    public FakeEntraAndBlobService(int port, String tenant, String clientId, String clientSecret, String accessToken)
            throws IOException {
        this.tenant = tenant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.accessToken = accessToken;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    /** What casguard.providers.azure.authority-host must be to log in here. */
    public String authorityHost() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String blobEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fakeblob";
    }

    public List<Seen> tokenRequests() {
        return tokenRequests;
    }

    public List<Seen> blobRequests() {
        return blobRequests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Seen seen = new Seen(exchange.getRequestMethod(), path + (exchange.getRequestURI().getRawQuery() == null
                    ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("x-ms-version"), form(body));
            if (path.startsWith("/fakeblob/")) {
                blobRequests.add(seen);
                boolean authorized = ("Bearer " + accessToken).equals(seen.authorization());
                if (!authorized) {
                    exchange.getResponseHeaders().add("x-ms-error-code", "InvalidAuthenticationInfo");
                }
                exchange.sendResponseHeaders(authorized ? 201 : 401, -1);
            } else if (path.endsWith("/oauth2/v2.0/token")) {
                tokenRequests.add(seen);
                token(exchange, path, seen.form());
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void token(HttpExchange exchange, String path, Map<String, String> form) throws IOException {
        boolean valid = path.equals("/" + tenant + "/oauth2/v2.0/token") && "POST".equals(exchange.getRequestMethod())
                && "client_credentials".equals(form.get("grant_type")) && SCOPE.equals(form.get("scope"))
                && clientId.equals(form.get("client_id")) && clientSecret.equals(form.get("client_secret"));
        String answer = valid
                ? "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"" + accessToken + "\"}"
                : "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\","
                        + "\"error_codes\":[7000215]}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(valid ? 200 : 401, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
