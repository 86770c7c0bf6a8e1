package dev.casguard.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry token service (the Docker token protocol, as Docker Hub, GHCR, ECR use) on the JDK's
 * HTTP server, plain HTTP on 127.0.0.1. It checks Basic credentials against its own users and
 * answers {@code GET /token?service=&scope=repository:NAME:ACTIONS} with an RS256 JWT that CNCF
 * distribution accepts: the signing certificate travels in the {@code x5c} header and is the
 * registry's root bundle. Each user is granted at most the actions it was given here, so a
 * pull-only user gets a token the registry refuses for an upload.
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String SERVICE = "casguard-test-registry";
    public static final String ISSUER = "casguard-test-token-issuer";
    private static final long LIFETIME_SECONDS = 300;

    private record Account(String password, Set<String> actions) {
    }

    private final HttpServer server;
    private final SelfSignedCertificate signer;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();

    private TokenIssuer(HttpServer server, SelfSignedCertificate signer) {
        this.server = server;
        this.signer = signer;
    }

    /** Starts the issuer on 127.0.0.1:{@code port}, with a fresh signing key under {@code target/}. */
    public static TokenIssuer start(int port) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "token-issuers")), port + "-");
        SelfSignedCertificate signer = SelfSignedCertificate.create(dir, ISSUER);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        TokenIssuer issuer = new TokenIssuer(server, signer);
        server.createContext("/token", issuer::answer);
        server.start();
        return issuer;
    }

    /** A user who may push and pull. */
    public TokenIssuer pushUser(String name, String password) {
        accounts.put(name, new Account(password, Set.of("pull", "push")));
        return this;
    }

    /** A user who may only pull: the registry answers its upload with 401 insufficient_scope. */
    public TokenIssuer pullOnlyUser(String name, String password) {
        accounts.put(name, new Account(password, Set.of("pull")));
        return this;
    }

    /** The URL a registry names as {@code realm} in its Bearer challenge. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The PEM certificate a registry must trust ({@code auth.token.rootcertbundle}). */
    public Path certificate() {
        return signer.pemFile();
    }

    /** Tokens handed out so far. */
    public long issued() {
        return issued.get();
    }

    /** Token requests refused for unknown users or wrong passwords so far. */
    public long denied() {
        return denied.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String user = authenticatedUser(exchange.getRequestHeaders().getFirst("Authorization"));
            if (user == null) {
                denied.incrementAndGet();
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + SERVICE + "\"");
                respond(exchange, 401, Json.createObjectBuilder().add("details", "invalid credentials").build());
                return;
            }
            String token = sign(user, grants(accounts.get(user).actions(), exchange.getRequestURI()));
            issued.incrementAndGet();
            respond(exchange, 200, Json.createObjectBuilder()
                    .add("token", token).add("access_token", token)
                    .add("expires_in", LIFETIME_SECONDS).add("issued_at", Instant.now().toString()).build());
        }
    }

    private String authenticatedUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String name = decoded.substring(0, colon);
        Account account = accounts.get(name);
        return account != null && account.password().equals(decoded.substring(colon + 1)) ? name : null;
    }

    /** One access entry per requested repository scope: the requested actions the user holds. */
    private static JsonArray grants(Set<String> allowed, URI request) {
        JsonArrayBuilder access = Json.createArrayBuilder();
        for (String scope : queryValues(request, "scope")) {
            String[] parts = scope.split(":");
            if (parts.length != 3 || !parts[0].equals("repository")) {
                continue;
            }
            JsonArrayBuilder actions = Json.createArrayBuilder();
            Set<String> requested = new LinkedHashSet<>(List.of(parts[2].split(",")));
            requested.stream().filter(allowed::contains).forEach(actions::add);
            access.add(Json.createObjectBuilder().add("type", "repository").add("name", parts[1])
                    .add("actions", actions));
        }
        return access.build();
    }

    private static List<String> queryValues(URI request, String name) {
        List<String> values = new ArrayList<>();
        String query = request.getRawQuery();
        if (query == null) {
            return values;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                values.add(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private String sign(String subject, JsonArray access) {
        long now = Instant.now().getEpochSecond();
        JsonObject header = Json.createObjectBuilder().add("typ", "JWT").add("alg", "RS256")
                .add("x5c", Json.createArrayBuilder().add(signer.x5c())).build();
        JsonObject claims = Json.createObjectBuilder()
                .add("iss", ISSUER).add("sub", subject).add("aud", SERVICE)
                .add("exp", now + LIFETIME_SECONDS).add("nbf", now - 10).add("iat", now)
                .add("jti", UUID.randomUUID().toString()).add("access", access).build();
        String signingInput = base64Url(header.toString()) + "." + base64Url(claims.toString());
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signer.key());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
