package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A service principal's login to Microsoft Entra ID with the OAuth2 client-credentials grant, for
 * an access token to Azure Storage. The authority host is the operator's setting
 * {@code casguard.providers.azure.authority-host} (sovereign clouds, tests), and is reached through
 * the check's {@link OutboundExchange} like every other destination. Tokens are not cached: a
 * check logs in afresh.
 */
@ApplicationScoped
public class EntraLogin {

    /** Json.create* looks the JSON provider up (a scan of the class path) on every call; a factory looks once. */
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    static final String STORAGE_SCOPE = "https://storage.azure.com/.default";
    /** An Entra token answer: the token and its metadata, a few KiB. */
    private static final int TOKEN_ANSWER_CAP = 64 * 1024;

    @Inject
    @ConfigProperty(name = "casguard.providers.azure.authority-host", defaultValue = "https://login.microsoftonline.com")
    String authorityHost;

    /** A login that did not yield a token; the message is the reason, free of secrets. */
    static final class Refused extends Exception {
        private final FailureKind kind;

        Refused(FailureKind kind, String reason) {
            super(reason, null, false, false);
            this.kind = kind;
        }

        CheckResult asResult() {
            return CheckResult.failed(kind, getMessage());
        }
    }

    String accessToken(String tenantId, String clientId, String clientSecret, OutboundExchange outbound)
            throws Refused {
        ProviderEndpoint authority;
        try {
            authority = ProviderEndpoint.parse("casguard.providers.azure.authority-host", authorityHost);
        } catch (Refusal e) {
            throw new Refused(FailureKind.INVALID_CONFIGURATION, "the authority host configured in casguard.providers.azure.authority-host is not a URL");
        }
        String where = "token service at " + authority.host();
        String form = "grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(STORAGE_SCOPE, StandardCharsets.UTF_8);
        OutboundAnswer answer;
        try {
            // tenantId is a GUID or a domain name (validated), so it is safe as a path segment
            answer = outbound.send(OutboundRequest.of("POST", authority.resolve(tenantId + "/oauth2/v2.0/token"), where)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .body(form.getBytes(StandardCharsets.UTF_8)).readingUpTo(TOKEN_ANSWER_CAP));
        } catch (OutboundFailure e) {
            throw new Refused(e.kind(), e.getMessage());
        }
        Optional<JsonObject> body = json(answer.body());
        if (answer.status() == 200) {
            String token = body.map(b -> b.get("access_token") instanceof JsonString t ? t.getString() : "").orElse("");
            if (token.isEmpty()) {
                throw new Refused(FailureKind.PROVIDER_ERROR, where + " answered without an access token");
            }
            return token;
        }
        if (answer.status() >= 400 && answer.status() < 500 && answer.status() != 429) {
            throw new Refused(FailureKind.DENIED, "service principal login refused by " + where + errorCode(body));
        }
        throw new Refused(FailureKind.ofStatus(answer.status(), RetryAfter.of(answer).isPresent()),
                where + " answered HTTP " + answer.status());
    }

    /** Entra's error and AADSTS code: public identifiers, unlike its free-text description. */
    private static String errorCode(Optional<JsonObject> body) {
        if (body.isEmpty()) {
            return "";
        }
        String error = body.get().get("error") instanceof JsonString e ? e.getString() : "";
        String aadsts = body.get().get("error_codes") instanceof JsonArray codes && !codes.isEmpty()
                && codes.get(0) instanceof JsonNumber n ? " AADSTS" + n.longValue() : "";
        return error.isEmpty() && aadsts.isEmpty() ? "" : " (" + (error + aadsts).trim() + ")";
    }

    private static Optional<JsonObject> json(byte[] bytes) {
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
