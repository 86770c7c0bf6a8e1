package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Proves write access to an Azure Blob container: upload the block blob {@code healthcheck}; if the
 * container is missing, create it and upload again. Authenticates with the account key
 * (SharedKey) or as a service principal (bearer token from Entra ID). Uploading first lets a
 * principal whose role is scoped to an existing container pass without account-level rights.
 */
@ApplicationScoped
public class AzureBlobCheck implements ProviderCheck {

    static final String BLOB_NAME = "healthcheck";
    /** A Blob service version that real Azure and Azurite accept, with OAuth and SharedKey alike. */
    static final String SERVICE_VERSION = "2023-11-03";
    private static final Set<String> SHARED_KEY_FIELDS = Set.of("accountKey", "endpoint");
    private static final Set<String> PRINCIPAL_FIELDS = Set.of("tenantId", "clientId", "clientSecret", "endpoint");
    private static final Pattern TENANT = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$");
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    @Inject
    EntraLogin entra;

    @Override
    public ProviderKind kind() {
        return ProviderKind.AZURE_BLOB;
    }

    @Override
    public String normalizeLocation(String location) {
        return AzureLocation.parse(location).normalized();
    }

    @Override
    public void validateCredentials(JsonObject credentials) {
        if (credentials != null && credentials.containsKey("accountKey")) {
            CredentialFields.allowOnly(credentials, SHARED_KEY_FIELDS);
            CredentialFields.requireString(credentials, "accountKey");
            try {
                Base64.getDecoder().decode(credentials.getString("accountKey"));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("'credentials.accountKey' must be the account key in base64");
            }
        } else {
            CredentialFields.allowOnly(credentials, PRINCIPAL_FIELDS);
            if (credentials.isEmpty() || credentials.keySet().equals(Set.of("endpoint"))) {
                throw Refusal.invalid("AzureBlob credentials are {accountKey} or {tenantId, clientId, clientSecret}");
            }
            CredentialFields.requireString(credentials, "tenantId");
            CredentialFields.requireString(credentials, "clientId");
            CredentialFields.requireString(credentials, "clientSecret");
            if (!TENANT.matcher(credentials.getString("tenantId")).matches()) {
                throw Refusal.invalid("'credentials.tenantId' must be a tenant id (GUID) or domain name");
            }
        }
        CredentialFields.optionalString(credentials, "endpoint");
        String endpoint = CredentialFields.stringOrNull(credentials, "endpoint");
        if (endpoint != null) {
            ProviderEndpoint.parse("credentials.endpoint", endpoint);
        }
    }

    /** The Authorization header's value for a request whose other headers are final. */
    private interface Authorization {
        String header(String method, URI uri, Map<String, String> headers);
    }

    @Override
    public String host(String location, JsonObject credentials) {
        ProviderEndpoint endpoint = endpoint(AzureLocation.parse(location), credentials);
        return endpoint.host() + ":" + endpoint.port();
    }

    private static ProviderEndpoint endpoint(AzureLocation target, JsonObject credentials) {
        return ProviderEndpoint.parse("credentials.endpoint", Optional
                .ofNullable(CredentialFields.stringOrNull(credentials, "endpoint"))
                .orElse("https://" + target.account() + ".blob.core.windows.net"));
    }

    @Override
    public CheckResult check(String location, JsonObject credentials, OutboundExchange outbound) {
        AzureLocation target = AzureLocation.parse(location);
        ProviderEndpoint endpoint = endpoint(target, credentials);
        boolean sharedKey = credentials.containsKey("accountKey");
        try {
            // the storage endpoint is vetted before any login, so a refused one costs no token request
            outbound.vet(endpoint.scheme(), endpoint.host(), endpoint.port());
            Authorization authorization;
            if (sharedKey) {
                SharedKeySigner signer = new SharedKeySigner(target.account(), credentials.getString("accountKey"));
                authorization = signer::authorization;
            } else {
                String token = entra.accessToken(credentials.getString("tenantId"), credentials.getString("clientId"),
                        credentials.getString("clientSecret"), outbound);
                authorization = (method, uri, headers) -> "Bearer " + token;
            }
            return uploadHealthcheck(new Container(endpoint, target, authorization, sharedKey), outbound);
        } catch (EntraLogin.Refused e) {
            return e.asResult();
        } catch (OutboundFailure e) {
            return e.asResult();
        }
    }

    private record Container(ProviderEndpoint endpoint, AzureLocation target, Authorization authorization,
            boolean sharedKey) {
        String describe() {
            return "container " + target.container() + " of account " + target.account() + " at " + endpoint.host();
        }
    }

    private CheckResult uploadHealthcheck(Container container, OutboundExchange outbound) throws OutboundFailure {
        OutboundAnswer upload = putBlob(container, outbound);
        if (upload.status() == 404 && "ContainerNotFound".equals(errorCode(upload))) {
            OutboundAnswer created = send(container, "PUT",
                    container.endpoint().resolve(container.target().container() + "?restype=container"),
                    Map.of(), new byte[0], outbound);
            boolean exists = created.status() == 201
                    || (created.status() == 409 && "ContainerAlreadyExists".equals(errorCode(created)));
            if (!exists) {
                return failure(container, created, "creating");
            }
            upload = putBlob(container, outbound);
        }
        return upload.status() == 201 ? CheckResult.passed() : failure(container, upload, "uploading to");
    }

    private OutboundAnswer putBlob(Container container, OutboundExchange outbound) throws OutboundFailure {
        byte[] content = ("casguard healthcheck " + ZonedDateTime.now(ZoneOffset.UTC) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        return send(container, "PUT", container.endpoint().resolve(container.target().container() + "/" + BLOB_NAME),
                Map.of("x-ms-blob-type", "BlockBlob", "Content-Type", "text/plain; charset=utf-8"), content, outbound);
    }

    /** Azure's answers carry their error code in a header: no body is read. */
    private OutboundAnswer send(Container container, String method, URI uri, Map<String, String> extraHeaders,
            byte[] body, OutboundExchange outbound) throws OutboundFailure {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("x-ms-date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        headers.put("x-ms-version", SERVICE_VERSION);
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("Content-Length", String.valueOf(body.length)); // the JDK sets it; it is signed all the same
        return outbound.send(OutboundRequest.of(method, uri, "Azure Blob at " + container.endpoint().host())
                .headers(headers).header("Authorization", container.authorization().header(method, uri, signed))
                .body(body));
    }

    private static CheckResult failure(Container container, OutboundAnswer answer, String doing) {
        int status = answer.status();
        String code = errorCode(answer);
        String suffix = code == null ? " (HTTP " + status + ")" : " (" + code + ")";
        if (status == 401 || status == 403) {
            return CheckResult.failed(FailureKind.DENIED, "access denied " + doing + " " + container.describe() + suffix + ": "
                    + (container.sharedKey() ? "check the account key"
                            : "check the service principal's role on the container (e.g. Storage Blob Data Contributor)"));
        }
        if (status == 404) {
            return CheckResult.failed(FailureKind.NOT_FOUND, "storage account " + container.target().account() + " not found at "
                    + container.endpoint().host() + suffix);
        }
        if (status == 409 && "ContainerBeingDeleted".equals(code)) {
            return CheckResult.failed(FailureKind.PROVIDER_ERROR, container.describe() + " is being deleted; try again later");
        }
        return CheckResult.answered(answer, "Azure Blob answered HTTP " + status + " " + doing + " " + container.describe() + suffix);
    }

    private static String errorCode(OutboundAnswer answer) {
        return answer.header("x-ms-error-code").orElse(null);
    }
}
