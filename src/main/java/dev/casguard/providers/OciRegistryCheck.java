package dev.casguard.providers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves push access to an OCI registry (distribution API v2) the way a client would: ping
 * {@code /v2/}, authenticate as challenged (Basic, or a Bearer token from the challenge's realm),
 * open a blob upload session on the repository, then cancel it. The cancel's answer is ignored:
 * push-only identities may not delete. 401 and 403 both mean denied (distribution never says 403).
 * The upload session's {@code Location} must stay on the registry's scheme, host and port.
 */
@ApplicationScoped
public class OciRegistryCheck implements ProviderCheck {

    /** Json.create* looks the JSON provider up (a scan of the class path) on every call; a factory looks once. */
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    private static final Set<String> CREDENTIAL_FIELDS = Set.of("username", "password");
    /** A token service's JSON answer; real ones are a few KiB. */
    private static final int TOKEN_ANSWER_CAP = 64 * 1024;

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
    public String host(String location, JsonObject credentials) {
        OciLocation target = OciLocation.parse(location);
        return target.host() + ":" + target.port("https");
    }

    @Override
    public CheckResult check(String location, JsonObject credentials, OutboundExchange outbound) {
        OciLocation target = OciLocation.parse(location);
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.getString("username") + ":" + credentials.getString("password"))
                        .getBytes(StandardCharsets.UTF_8));
        try {
            return pushProbe(reach(target, outbound), target, basic, outbound);
        } catch (OutboundFailure e) {
            return e.asResult();
        }
    }

    /** Registry base URI and how /v2/ answered: HTTPS first; plain HTTP only where allow-listed. */
    private record Registry(URI base, OutboundAnswer ping) {
    }

    private Registry reach(OciLocation target, OutboundExchange outbound) throws OutboundFailure {
        String what = "registry at " + target.host();
        int plainPort = target.port("http");
        boolean plainAllowed = outbound.allowListed(target.host(), plainPort);
        boolean knownPlain = plainAllowed && plainHttpRegistries.contains(target.host() + ":" + plainPort);
        for (String scheme : knownPlain ? new String[] {"http"} : new String[] {"https", "http"}) {
            if (scheme.equals("http") && !plainAllowed) {
                break;
            }
            int port = target.port(scheme);
            URI base = URI.create(scheme + "://" + target.host() + ":" + port);
            try {
                OutboundAnswer ping = outbound.send(OutboundRequest.of("GET", base.resolve("/v2/"), what));
                if (scheme.equals("http")) {
                    plainHttpRegistries.add(target.host() + ":" + port);
                }
                return new Registry(base, ping);
            } catch (OutboundFailure e) {
                // A plain-HTTP server answers a TLS hello with garbage or by closing the connection:
                // an allow-listed registry gets its plain-HTTP try, unless the deadline is gone.
                boolean tryPlain = scheme.equals("https") && plainAllowed
                        && e.kind() != FailureKind.TIMEOUT && !e.answerTooLarge();
                if (!tryPlain) {
                    throw e;
                }
            }
        }
        throw OutboundFailure.refused("plain HTTP to " + target.host() + ":" + plainPort + " is refused; use HTTPS or "
                + "ask the operator to allow-list it");
    }

    private CheckResult pushProbe(Registry registry, OciLocation target, String basic, OutboundExchange outbound)
            throws OutboundFailure {
        String what = "registry at " + target.host();
        int pingStatus = registry.ping().status();
        Optional<String> authorization;
        if (pingStatus == 200) {
            authorization = Optional.empty();
        } else if (pingStatus == 401) {
            Optional<AuthChallenge> challenge = AuthChallenge.parse(
                    registry.ping().header("WWW-Authenticate").orElse(null));
            if (challenge.isPresent() && challenge.get().isBearer()) {
                Optional<String> token = fetchToken(challenge.get(), target, basic, outbound);
                if (token.isEmpty()) {
                    return CheckResult.failed(FailureKind.DENIED, what + " refused the credentials");
                }
                authorization = Optional.of("Bearer " + token.get());
            } else if (challenge.isPresent() && challenge.get().isBasic()) {
                authorization = Optional.of(basic);
            } else {
                return CheckResult.failed(FailureKind.INVALID_CONFIGURATION,
                        what + " asks for an unsupported authentication scheme");
            }
        } else {
            // a 429 or 5xx is the registry's own trouble; anything else says this is not a registry
            return pingStatus == 429 || pingStatus >= 500
                    ? CheckResult.answered(registry.ping(), what + " answered HTTP " + pingStatus + " on /v2/")
                    : CheckResult.failed(FailureKind.INVALID_CONFIGURATION, target.host()
                            + " does not answer the registry API v2 (HTTP " + pingStatus + " on /v2/)");
        }

        OutboundRequest open = OutboundRequest.of("POST",
                registry.base().resolve("/v2/" + target.repository() + "/blobs/uploads/"), what).body(new byte[0]);
        if (authorization.isPresent()) {
            open = open.header("Authorization", authorization.get());
        }
        OutboundAnswer upload = outbound.send(open);
        int status = upload.status();
        if (status == 202) {
            Optional<URI> session = sessionOf(registry, upload);
            if (session.isPresent() && !sameOrigin(registry.base(), session.get())) {
                return CheckResult.failed(FailureKind.REFUSED_BY_POLICY, what
                        + " sent an upload location on another scheme, host or port ("
                        + origin(session.get()) + "); nothing was sent there");
            }
            session.ifPresent(uri -> cancel(uri, authorization, outbound, what));
            return CheckResult.passed();
        }
        if (status == 401 || status == 403) {
            return CheckResult.failed(FailureKind.DENIED,
                    "the credentials may not push to " + target.repository() + " at " + target.host());
        }
        if (status == 404) {
            return CheckResult.failed(FailureKind.NOT_FOUND,
                    "repository " + target.repository() + " not found at " + target.host());
        }
        return CheckResult.answered(upload, what + " answered HTTP " + status + " when opening an upload");
    }

    private Optional<String> fetchToken(AuthChallenge challenge, OciLocation target, String basic,
            OutboundExchange outbound) throws OutboundFailure {
        String realm = challenge.parameters().get("realm");
        String what = "token service of " + target.host();
        if (realm == null || realm.isBlank()) {
            throw OutboundFailure.refused("registry at " + target.host() + " sent a Bearer challenge without a realm");
        }
        StringBuilder query = new StringBuilder();
        String service = challenge.parameters().get("service");
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8)).append('&');
        }
        query.append("scope=").append(URLEncoder.encode("repository:" + target.repository() + ":push,pull",
                StandardCharsets.UTF_8));
        URI token;
        try {
            token = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        } catch (IllegalArgumentException e) {
            throw OutboundFailure.refused("registry at " + target.host() + " sent a malformed token realm");
        }
        if (token.getHost() == null || token.getScheme() == null || token.getRawFragment() != null) {
            throw OutboundFailure.refused("registry at " + target.host() + " sent a malformed token realm");
        }
        OutboundAnswer answer = outbound.send(OutboundRequest.of("GET", token, what)
                .header("Authorization", basic).readingUpTo(TOKEN_ANSWER_CAP));
        if (answer.status() == 401 || answer.status() == 403) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw new OutboundFailure(answer.status() == 429 || answer.status() >= 500
                    ? FailureKind.ofStatus(answer.status(), RetryAfter.of(answer).isPresent())
                    : FailureKind.INVALID_CONFIGURATION, what + " answered HTTP " + answer.status());
        }
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(answer.body()))) {
            JsonObject body = reader.readObject();
            String value = body.getString("token", body.getString("access_token", ""));
            if (value.isEmpty()) {
                throw new OutboundFailure(FailureKind.PROVIDER_ERROR, what + " answered without a token");
            }
            return Optional.of(value);
        } catch (JsonException | ClassCastException | IllegalStateException e) {
            throw new OutboundFailure(FailureKind.PROVIDER_ERROR, what + " answered something other than JSON");
        }
    }

    private static Optional<URI> sessionOf(Registry registry, OutboundAnswer upload) throws OutboundFailure {
        Optional<String> location = upload.header("Location");
        if (location.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(registry.base().resolve(location.get()));
        } catch (IllegalArgumentException e) {
            throw OutboundFailure.refused("registry at " + registry.base().getHost()
                    + " sent a malformed upload location");
        }
    }

    private static boolean sameOrigin(URI base, URI session) {
        return base.getScheme().equalsIgnoreCase(String.valueOf(session.getScheme()))
                && base.getHost().equalsIgnoreCase(String.valueOf(session.getHost()))
                && base.getPort() == portOf(session);
    }

    private static int portOf(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "?" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** Best effort: the session expires on its own if the registry will not let us delete it. */
    private static void cancel(URI session, Optional<String> authorization, OutboundExchange outbound, String what) {
        OutboundRequest delete = OutboundRequest.of("DELETE", session, what);
        if (authorization.isPresent()) {
            delete = delete.header("Authorization", authorization.get());
        }
        try {
            outbound.send(delete);
        } catch (OutboundFailure e) {
            // ignored on purpose, see above
        }
    }
}
