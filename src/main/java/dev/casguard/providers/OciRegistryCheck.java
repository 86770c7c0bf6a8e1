package dev.casguard.providers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Proves push access to an OCI registry (distribution API v2) the way a client would: ping
 * {@code /v2/}, authenticate as challenged (Basic, or a Bearer token from the challenge's realm),
 * open a blob upload session on the repository, then cancel it. The cancel's answer is ignored:
 * push-only identities may not delete. 401 and 403 both mean denied (distribution never says 403).
 */
@ApplicationScoped
public class OciRegistryCheck implements ProviderCheck {

    private static final Set<String> CREDENTIAL_FIELDS = Set.of("username", "password");

    @Inject
    OutboundPolicy policy;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * Allow-listed registries found to speak plain HTTP: later checks skip the TLS attempt, whose
     * handshake cost most of a check's CPU. Still subject to the allow-list on every check.
     */
    private final Set<String> plainHttpRegistries = ConcurrentHashMap.newKeySet();

    @Override
    public ProviderKind kind() {
        return ProviderKind.OCI;
    }

    @Override
    public String normalizeLocation(String location) {
        return OciLocation.parse(location).normalized();
    }

    @Override
    public void validateCredentials(JsonObject credentials) {
        CredentialFields.allowOnly(credentials, CREDENTIAL_FIELDS);
        CredentialFields.requireString(credentials, "username");
        CredentialFields.requireString(credentials, "password");
    }

    @Override
    public CheckResult check(String location, JsonObject credentials, Deadline deadline) {
        OciLocation target = OciLocation.parse(location);
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.getString("username") + ":" + credentials.getString("password"))
                        .getBytes(StandardCharsets.UTF_8));
        try {
            return pushProbe(reach(target, deadline), target, basic, deadline);
        } catch (RefusedDestination e) {
            return CheckResult.failed(e.getMessage());
        } catch (HttpConnectTimeoutException e) {
            return CheckResult.failed("connecting to " + target.host() + " timed out");
        } catch (HttpTimeoutException e) {
            return CheckResult.failed("registry at " + target.host() + " did not answer in time");
        } catch (ConnectException e) {
            return CheckResult.failed("registry at " + target.host() + " is unreachable (connection refused)");
        } catch (SSLException e) {
            return CheckResult.failed("TLS with " + target.host() + " failed");
        } catch (IOException e) {
            return CheckResult.failed("registry at " + target.host() + " is unreachable ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.failed("check interrupted");
        }
    }

    /** Registry base URI and how /v2/ answered: HTTPS first; plain HTTP only where allow-listed. */
    private record Registry(URI base, HttpResponse<String> ping) {
    }

    private Registry reach(OciLocation target, Deadline deadline)
            throws IOException, InterruptedException {
        boolean knownPlain = plainHttpRegistries.contains(target.host() + ":" + target.port("http"));
        for (String scheme : knownPlain ? new String[] {"http"} : new String[] {"https", "http"}) {
            int port = target.port(scheme);
            Optional<String> refusal = policy.refusal(scheme, target.host(), port);
            if (refusal.isPresent()) {
                if (scheme.equals("https") && policy.allowListed(target.host(), target.port("http"))) {
                    continue;
                }
                throw new RefusedDestination(refusal.get());
            }
            URI base = URI.create(scheme + "://" + target.host() + ":" + port);
            try {
                HttpResponse<String> ping = send(HttpRequest.newBuilder(base.resolve("/v2/")).GET(), deadline);
                if (scheme.equals("http")) {
                    plainHttpRegistries.add(target.host() + ":" + port);
                }
                return new Registry(base, ping);
            } catch (IOException e) {
                // A plain-HTTP server answers a TLS hello with garbage (SSLException) or by closing the
                // connection (a reset or EOF first, depending on timing): either way, an allow-listed
                // host gets its plain-HTTP try.
                if (!scheme.equals("https") || !policy.allowListed(target.host(), target.port("http"))) {
                    throw e;
                }
            }
        }
        throw new RefusedDestination("registry at " + target.host() + " answers neither HTTPS nor HTTP");
    }

    private CheckResult pushProbe(Registry registry, OciLocation target, String basic, Deadline deadline)
            throws IOException, InterruptedException {
        int pingStatus = registry.ping().statusCode();
        Optional<String> authorization;
        if (pingStatus == 200) {
            authorization = Optional.empty();
        } else if (pingStatus == 401) {
            Optional<AuthChallenge> challenge = AuthChallenge.parse(
                    registry.ping().headers().firstValue("WWW-Authenticate").orElse(null));
            if (challenge.isPresent() && challenge.get().isBearer()) {
                Optional<String> token = fetchToken(challenge.get(), target, basic, deadline);
                if (token.isEmpty()) {
                    return CheckResult.failed("registry at " + target.host() + " refused the credentials");
                }
                authorization = Optional.of("Bearer " + token.get());
            } else if (challenge.isPresent() && challenge.get().isBasic()) {
                authorization = Optional.of(basic);
            } else {
                return CheckResult.failed("registry at " + target.host() + " asks for an unsupported authentication scheme");
            }
        } else {
            return CheckResult.failed(target.host() + " does not answer the registry API v2 (HTTP "
                    + pingStatus + " on /v2/)");
        }

        HttpRequest.Builder open = HttpRequest.newBuilder(
                registry.base().resolve("/v2/" + target.repository() + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody());
        authorization.ifPresent(value -> open.header("Authorization", value));
        HttpResponse<String> upload = send(open, deadline);
        int status = upload.statusCode();
        if (status == 202) {
            cancel(registry, upload, authorization, deadline);
            return CheckResult.passed();
        }
        if (status == 401 || status == 403) {
            return CheckResult.failed("the credentials may not push to " + target.repository() + " at " + target.host());
        }
        if (status == 404) {
            return CheckResult.failed("repository " + target.repository() + " not found at " + target.host());
        }
        return CheckResult.failed("registry at " + target.host() + " answered HTTP " + status
                + " when opening an upload");
    }

    private Optional<String> fetchToken(AuthChallenge challenge, OciLocation target, String basic, Deadline deadline)
            throws IOException, InterruptedException {
        String realm = challenge.parameters().get("realm");
        if (realm == null || realm.isBlank()) {
            throw new RefusedDestination("registry at " + target.host() + " sent a Bearer challenge without a realm");
        }
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RefusedDestination("registry at " + target.host() + " sent a malformed token realm");
        }
        if (realmUri.getHost() == null || realmUri.getScheme() == null) {
            throw new RefusedDestination("registry at " + target.host() + " sent a malformed token realm");
        }
        int realmPort = realmUri.getPort() != -1 ? realmUri.getPort()
                : ("https".equalsIgnoreCase(realmUri.getScheme()) ? 443 : 80);
        Optional<String> refusal = policy.refusal(realmUri.getScheme(), realmUri.getHost(), realmPort);
        if (refusal.isPresent()) {
            throw new RefusedDestination("token service: " + refusal.get());
        }
        StringBuilder query = new StringBuilder();
        String service = challenge.parameters().get("service");
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8)).append('&');
        }
        query.append("scope=").append(URLEncoder.encode("repository:" + target.repository() + ":push,pull",
                StandardCharsets.UTF_8));
        String separator = realm.contains("?") ? "&" : "?";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(realm + separator + query))
                .header("Authorization", basic).GET(), deadline);
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
            return Optional.empty();
        }
        if (answer.statusCode() != 200) {
            throw new RefusedDestination("token service of " + target.host() + " answered HTTP " + answer.statusCode());
        }
        try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
            JsonObject body = reader.readObject();
            String token = body.getString("token", body.getString("access_token", ""));
            if (token.isEmpty()) {
                throw new RefusedDestination("token service of " + target.host() + " answered without a token");
            }
            return Optional.of(token);
        } catch (JsonException | ClassCastException e) {
            throw new RefusedDestination("token service of " + target.host() + " answered something other than JSON");
        }
    }

    /** Best effort: the session expires on its own if the registry will not let us delete it. */
    private void cancel(Registry registry, HttpResponse<String> upload, Optional<String> authorization,
            Deadline deadline) {
        Optional<String> location = upload.headers().firstValue("Location");
        if (location.isEmpty()) {
            return;
        }
        try {
            URI session = registry.base().resolve(location.get());
            if (!registry.base().getHost().equalsIgnoreCase(session.getHost())) {
                return; // never follow a registry to another host, even for a cancel
            }
            HttpRequest.Builder delete = HttpRequest.newBuilder(session).DELETE();
            authorization.ifPresent(value -> delete.header("Authorization", value));
            send(delete, deadline);
        } catch (IOException | IllegalArgumentException e) {
            // ignored on purpose, see above
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Deadline deadline)
            throws IOException, InterruptedException {
        if (deadline.passed()) {
            throw new HttpTimeoutException("deadline passed");
        }
        return http.send(request.timeout(deadline.remaining()).header("User-Agent", "casguard").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A destination the outbound policy or the registry's answers rule out; its message is the reason. */
    private static final class RefusedDestination extends IOException {
        RefusedDestination(String reason) {
            super(reason, null);
        }
    }
}
