package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Proves write access to an S3 bucket the way a client would: put the object {@code healthcheck}
 * with fresh content and read it back. AWS itself is reached by region (cross-region redirects
 * followed); a custom {@code endpoint} serves S3-compatible stores, path-style.
 */
@ApplicationScoped
public class S3BucketCheck implements ProviderCheck {

    static final String OBJECT_KEY = "healthcheck";
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("accessKeyId", "secretAccessKey", "region", "endpoint");
    private static final Pattern REGION = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$");
    /** Where S3-compatible stores and region-less AWS requests are signed for. */
    private static final String DEFAULT_REGION = "us-east-1";

    private final SecureRandom random = new SecureRandom();

    @Override
    public ProviderKind kind() {
        return ProviderKind.AWS_S3;
    }

    @Override
    public String normalizeLocation(String location) {
        return S3BucketName.validate(location);
    }

    @Override
    public void validateCredentials(JsonObject credentials) {
        CredentialFields.allowOnly(credentials, CREDENTIAL_FIELDS);
        CredentialFields.requireString(credentials, "accessKeyId");
        CredentialFields.requireString(credentials, "secretAccessKey");
        CredentialFields.optionalString(credentials, "region");
        CredentialFields.optionalString(credentials, "endpoint");
        String region = CredentialFields.stringOrNull(credentials, "region");
        if (region != null && !REGION.matcher(region).matches()) {
            throw Refusal.invalid("'credentials.region' must be a region name such as eu-central-1");
        }
        String endpoint = CredentialFields.stringOrNull(credentials, "endpoint");
        if (endpoint != null) {
            ProviderEndpoint.parse("credentials.endpoint", endpoint);
        }
    }

    @Override
    public String host(String location, JsonObject credentials) {
        String endpoint = CredentialFields.stringOrNull(credentials, "endpoint");
        if (endpoint != null) {
            ProviderEndpoint parsed = ProviderEndpoint.parse("credentials.endpoint", endpoint);
            return parsed.host() + ":" + parsed.port();
        }
        return awsHost(Optional.ofNullable(CredentialFields.stringOrNull(credentials, "region")).orElse(DEFAULT_REGION))
                + ":443";
    }

    @Override
    public CheckResult check(String bucket, JsonObject credentials, OutboundExchange outbound) {
        String endpointValue = CredentialFields.stringOrNull(credentials, "endpoint");
        Optional<ProviderEndpoint> endpoint = Optional.ofNullable(endpointValue)
                .map(value -> ProviderEndpoint.parse("credentials.endpoint", value));
        String region = Optional.ofNullable(CredentialFields.stringOrNull(credentials, "region")).orElse(DEFAULT_REGION);
        String where = endpoint.map(ProviderEndpoint::toString).orElse("AWS S3 (" + region + ")");
        try {
            if (endpoint.isPresent()) {
                outbound.vet(endpoint.get().scheme(), endpoint.get().host(), endpoint.get().port());
            } else {
                outbound.vet("https", awsHost(region), 443);
            }
        } catch (OutboundFailure e) {
            return e.asResult();
        }

        // fresh content each time, so that reading it back proves this very write
        byte[] content = ("casguard healthcheck " + HexFormat.of().formatHex(nonce()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        // A second attempt only for a connection the store dropped mid-exchange (seen as a bare
        // IOException instead of its answer, e.g. a reused keep-alive connection it had closed).
        AtomicReference<String> step = new AtomicReference<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return writeAndReadBack(bucket, region, endpoint, credentials, content, outbound, where, step);
            } catch (SdkException e) {
                if (attempt == 1 && droppedConnection(e) && outbound.deadline().remaining().toMillis() > 1000) {
                    continue;
                }
                return S3Failures.result(e, step.get() + " " + OBJECT_KEY, bucket, where);
            }
        }
    }

    private static CheckResult writeAndReadBack(String bucket, String region, Optional<ProviderEndpoint> endpoint,
            JsonObject credentials, byte[] content, OutboundExchange outbound, String where,
            AtomicReference<String> step) {
        Deadline deadline = outbound.deadline();
        step.set("writing");
        String dnsSuffix = PartitionMetadata.of(Region.of(region)).dnsSuffix();
        try (SdkHttpClient http = S3Transport.forCheck(outbound, endpoint, dnsSuffix);
                S3Client s3 = client(http, region, endpoint, credentials)) {
            s3.putObject(b -> b.bucket(bucket).key(OBJECT_KEY).contentType("text/plain")
                    .overrideConfiguration(within(deadline)), RequestBody.fromBytes(content));
            step.set("reading back");
            byte[] readBack = s3.getObject(b -> b.bucket(bucket).key(OBJECT_KEY)
                    .overrideConfiguration(within(deadline)), ResponseTransformer.toBytes()).asByteArray();
            if (!Arrays.equals(content, readBack)) {
                return CheckResult.failed(FailureKind.PROVIDER_ERROR, "object " + OBJECT_KEY + " in bucket " + bucket + " at " + where
                        + " read back different content than was written");
            }
            return CheckResult.passed();
        }
    }

    /** An I/O failure that is neither a timeout nor a refused or unresolvable connection. */
    private static boolean droppedConnection(SdkException e) {
        boolean io = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.InterruptedIOException || cause instanceof java.net.ConnectException
                    || cause instanceof java.net.UnknownHostException
                    || cause instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException) {
                return false;
            }
            io |= cause instanceof java.io.IOException;
        }
        return io;
    }

    private byte[] nonce() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return nonce;
    }

    private static S3Client client(SdkHttpClient http, String region, Optional<ProviderEndpoint> endpoint,
            JsonObject credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(http)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.getString("accessKeyId"), credentials.getString("secretAccessKey"))))
                // one attempt per validation: the checker and the request path retry on their own cadence
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                // S3-compatible stores often reject the newer default checksums; S3 needs none for a put
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint.isPresent()) {
            builder.endpointOverride(endpoint.get().uri()).forcePathStyle(true);
        } else {
            builder.crossRegionAccessEnabled(true); // a bucket in another region than given still validates
        }
        return builder.build();
    }

    private static Consumer<AwsRequestOverrideConfiguration.Builder> within(Deadline deadline) {
        return o -> o.apiCallTimeout(deadline.remaining());
    }

    /** S3's regional host, to vet before the SDK connects (it lies under the region's AWS domain). */
    static String awsHost(String region) {
        // unknown regions fall in the aws partition, as the SDK's endpoint rules place them
        return "s3." + region + "." + PartitionMetadata.of(Region.of(region)).dnsSuffix();
    }
}
