package dev.casguard.providers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/**
 * The AWS SDK's HTTP client for one S3 check, held to the outbound rules: its resolver is the
 * check's {@link OutboundExchange} (a custom endpoint's host as vetted; on AWS, only S3 endpoint
 * names of the region's partition, each vetted as it is looked up, which is what lets the SDK's
 * own region redirect through and nothing else), its TLS trusts the operator's CAs too, and every
 * answer body is cut at {@link #BODY_CAP}: S3 error documents and the read-back are small.
 */
final class S3Transport {

    static final int BODY_CAP = 64 * 1024;
    private static final Duration MAX_CONNECT = Duration.ofSeconds(5);

    private S3Transport() {
    }

    static SdkHttpClient forCheck(OutboundExchange outbound, Optional<ProviderEndpoint> endpoint, String awsDnsSuffix) {
        Duration left = outbound.deadline().remaining();
        SdkHttpClient apache = Apache5HttpClient.builder()
                .dnsResolver(outbound.resolver(name -> endpoint.isEmpty() && isS3EndpointName(name, awsDnsSuffix)))
                .tlsTrustManagersProvider(() -> outbound.trust().managers())
                .connectionTimeout(left.compareTo(MAX_CONNECT) < 0 ? left : MAX_CONNECT)
                .socketTimeout(left)
                .maxConnections(1)
                .useIdleConnectionReaper(false)
                .build();
        return new Bounded(apache);
    }

    /** {@code s3.eu-west-1.amazonaws.com}, {@code bucket.s3.eu-west-1.amazonaws.com}, {@code s3-external-1...}. */
    static boolean isS3EndpointName(String name, String dnsSuffix) {
        String host = name.toLowerCase(Locale.ROOT);
        if (!host.endsWith("." + dnsSuffix)) {
            return false;
        }
        String[] labels = host.substring(0, host.length() - dnsSuffix.length() - 1).split("\\.");
        return Arrays.stream(labels).anyMatch(l -> l.equals("s3") || l.startsWith("s3-"));
    }

    /** Every response body read through a cap; beyond it the connection is aborted. */
    private record Bounded(SdkHttpClient delegate) implements SdkHttpClient {

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            ExecutableHttpRequest inner = delegate.prepareRequest(request);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    HttpExecuteResponse response = inner.call();
                    if (response.responseBody().isEmpty()) {
                        return response;
                    }
                    AbortableInputStream body = response.responseBody().get();
                    return HttpExecuteResponse.builder().response(response.httpResponse())
                            .responseBody(AbortableInputStream.create(new Capped(body), body)).build();
                }

                @Override
                public void abort() {
                    inner.abort();
                }
            };
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static final class Capped extends FilterInputStream {

        private final AbortableInputStream body;
        private long read;

        Capped(AbortableInputStream body) {
            super(body);
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > BODY_CAP) {
                body.abort();
                throw OutboundFailure.tooLarge("the answer of S3 is too large (over "
                        + BODY_CAP + " bytes)");
            }
        }
    }
}
