package dev.casguard.providers;

import dev.casguard.api.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    OutboundPolicy policy;

    @Inject
    ProviderHttp http;

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
                throw ApiProblem.invalid("'credentials.accountKey' must be the account key in base64");
            }
        } else {
            CredentialFields.allowOnly(credentials, PRINCIPAL_FIELDS);
            if (credentials.isEmpty() || credentials.keySet().equals(Set.of("endpoint"))) {
                throw ApiProblem.invalid("AzureBlob credentials are {accountKey} or {tenantId, clientId, clientSecret}");
            }
            CredentialFields.requireString(credentials, "tenantId");
            CredentialFields.requireString(credentials, "clientId");
            CredentialFields.requireString(credentials, "clientSecret");
            if (!TENANT.matcher(credentials.getString("tenantId")).matches()) {
                throw ApiProblem.invalid("'credentials.tenantId' must be a tenant id (GUID) or domain name");
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
    public CheckResult check(String location, JsonObject credentials, Deadline deadline) {
        AzureLocation target = AzureLocation.parse(location);
        ProviderEndpoint endpoint = ProviderEndpoint.parse("credentials.endpoint", Optional
                .ofNullable(CredentialFields.stringOrNull(credentials, "endpoint"))
                .orElse("https://" + target.account() + ".blob.core.windows.net"));
        Optional<String> refusal = endpoint.refusal(policy);
        if (refusal.isPresent()) {
            return CheckResult.failed(refusal.get());
        }
        boolean sharedKey = credentials.containsKey("accountKey");
        try {
            Authorization authorization;
            if (sharedKey) {
                SharedKeySigner signer = new SharedKeySigner(target.account(), credentials.getString("accountKey"));
                authorization = signer::authorization;
            } else {
                String token = entra.accessToken(credentials.getString("tenantId"), credentials.getString("clientId"),
                        credentials.getString("clientSecret"), deadline);
                authorization = (method, uri, headers) -> "Bearer " + token;
            }
            return uploadHealthcheck(new Container(endpoint, target, authorization, sharedKey), deadline);
        } catch (EntraLogin.Refused e) {
            return CheckResult.failed(e.getMessage());
        } catch (IOException e) {
            return CheckResult.failed(ProviderHttp.describe(e, "Azure Blob at " + endpoint.host()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.failed("check interrupted");
        }
    }

    private record Container(ProviderEndpoint endpoint, AzureLocation target, Authorization authorization,
            boolean sharedKey) {
        String describe() {
            return "container " + target.container() + " of account " + target.account() + " at " + endpoint.host();
        }
    }

    private CheckResult uploadHealthcheck(Container container, Deadline deadline)
            throws IOException, InterruptedException {
        HttpResponse<String> upload = putBlob(container, deadline);
        if (upload.statusCode() == 404 && "ContainerNotFound".equals(errorCode(upload))) {
            HttpResponse<String> created = send(container, "PUT",
                    container.endpoint().resolve(container.target().container() + "?restype=container"),
                    Map.of(), new byte[0], deadline);
            boolean exists = created.statusCode() == 201
                    || (created.statusCode() == 409 && "ContainerAlreadyExists".equals(errorCode(created)));
            if (!exists) {
                return failure(container, created, "creating");
            }
            upload = putBlob(container, deadline);
        }
        return upload.statusCode() == 201 ? CheckResult.passed() : failure(container, upload, "uploading to");
    }

    private HttpResponse<String> putBlob(Container container, Deadline deadline) throws IOException, InterruptedException {
        byte[] content = ("casguard healthcheck " + ZonedDateTime.now(ZoneOffset.UTC) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        return send(container, "PUT", container.endpoint().resolve(container.target().container() + "/" + BLOB_NAME),
                Map.of("x-ms-blob-type", "BlockBlob", "Content-Type", "text/plain; charset=utf-8"), content, deadline);
    }

    private HttpResponse<String> send(Container container, String method, URI uri, Map<String, String> extraHeaders,
            byte[] body, Deadline deadline) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("x-ms-date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        headers.put("x-ms-version", SERVICE_VERSION);
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("Content-Length", String.valueOf(body.length)); // the JDK sets it; it is signed all the same
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", container.authorization().header(method, uri, signed));
        headers.forEach(request::header);
        return http.send(request, deadline);
    }

    private static CheckResult failure(Container container, HttpResponse<String> answer, String doing) {
        int status = answer.statusCode();
        String code = errorCode(answer);
        String suffix = code == null ? " (HTTP " + status + ")" : " (" + code + ")";
        if (status == 401 || status == 403) {
            return CheckResult.failed("access denied " + doing + " " + container.describe() + suffix + ": "
                    + (container.sharedKey() ? "check the account key"
                            : "check the service principal's role on the container (e.g. Storage Blob Data Contributor)"));
        }
        if (status == 404) {
            return CheckResult.failed("storage account " + container.target().account() + " not found at "
                    + container.endpoint().host() + suffix);
        }
        if (status == 409 && "ContainerBeingDeleted".equals(code)) {
            return CheckResult.failed(container.describe() + " is being deleted; try again later");
        }
        return CheckResult.failed("Azure Blob answered HTTP " + status + " " + doing + " " + container.describe() + suffix);
    }

    private static String errorCode(HttpResponse<String> answer) {
        return answer.headers().firstValue("x-ms-error-code").orElse(null);
    }
}
