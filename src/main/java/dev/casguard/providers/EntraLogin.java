package dev.casguard.providers;

import dev.casguard.api.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A service principal's login to Microsoft Entra ID with the OAuth2 client-credentials grant, for
 * an access token to Azure Storage. The authority host is the operator's setting
 * {@code casguard.providers.azure.authority-host} (sovereign clouds, tests), and passes the
 * outbound policy like every other destination. Tokens are not cached: a check logs in afresh.
 */
@ApplicationScoped
public class EntraLogin {

    static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

    @Inject
    @ConfigProperty(name = "casguard.providers.azure.authority-host", defaultValue = "https://login.microsoftonline.com")
    String authorityHost;

    @Inject
    OutboundPolicy policy;

    @Inject
    ProviderHttp http;

    /** A login that did not yield a token; the message is the reason, free of secrets. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    String accessToken(String tenantId, String clientId, String clientSecret, Deadline deadline)
            throws Refused, InterruptedException {
        ProviderEndpoint authority;
        try {
            authority = ProviderEndpoint.parse("casguard.providers.azure.authority-host", authorityHost);
        } catch (ApiProblem e) {
            throw new Refused("the authority host configured in casguard.providers.azure.authority-host is not a URL");
        }
        String where = "token service at " + authority.host();
        Optional<String> refusal = authority.refusal(policy);
        if (refusal.isPresent()) {
            throw new Refused(where + ": " + refusal.get());
        }
        String form = "grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(STORAGE_SCOPE, StandardCharsets.UTF_8);
        HttpResponse<String> answer;
        try {
            // tenantId is a GUID or a domain name (validated), so it is safe as a path segment
            answer = http.send(HttpRequest.newBuilder(authority.resolve(tenantId + "/oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)), deadline);
        } catch (IOException e) {
            throw new Refused(ProviderHttp.describe(e, where));
        }
        Optional<JsonObject> body = json(answer.body());
        if (answer.statusCode() == 200) {
            String token = body.map(b -> b.get("access_token") instanceof JsonString t ? t.getString() : "").orElse("");
            if (token.isEmpty()) {
                throw new Refused(where + " answered without an access token");
            }
            return token;
        }
        if (answer.statusCode() >= 400 && answer.statusCode() < 500) {
            throw new Refused("service principal login refused by " + where + errorCode(body));
        }
        throw new Refused(where + " answered HTTP " + answer.statusCode());
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

    private static Optional<JsonObject> json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text == null ? "" : text))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
