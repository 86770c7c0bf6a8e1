package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What the SDK throws becomes our words plus S3's error code, never the SDK's message. */
class S3FailuresTest {

    private static final String WHERE = "http://127.0.0.1:9000";

    private static CheckResult serviceResult(int status, String code) {
        S3Exception failure = (S3Exception) S3Exception.builder().statusCode(status).message("details with KEY123")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("KEY123").build()).build();
        return S3Failures.result(failure, "writing healthcheck", "b1", WHERE);
    }

    private static String service(int status, String code) {
        return serviceResult(status, code).error();
    }

    private static CheckResult clientResult(Throwable cause) {
        return S3Failures.result(SdkClientException.builder().message("KEY123").cause(cause).build(),
                "writing healthcheck", "b1", WHERE);
    }

    private static String client(Throwable cause) {
        return clientResult(cause).error();
    }

    @Test
    void eachAnswerHasItsKind() {
        assertEquals(FailureKind.DENIED, serviceResult(403, "SignatureDoesNotMatch").failure());
        assertEquals(FailureKind.DENIED, serviceResult(400, "InvalidAccessKeyId").failure());
        assertEquals(FailureKind.NOT_FOUND, serviceResult(404, "NoSuchBucket").failure());
        assertEquals(FailureKind.INVALID_CONFIGURATION, serviceResult(301, "PermanentRedirect").failure());
        assertEquals(FailureKind.PROVIDER_ERROR, serviceResult(500, "InternalError").failure());
        assertEquals(FailureKind.THROTTLED, serviceResult(503, "SlowDown").failure());
        assertEquals(FailureKind.PROVIDER_ERROR, serviceResult(503, "ServiceUnavailable").failure(),
                "a 503 without Retry-After is the provider's error");
        assertEquals(FailureKind.UNREACHABLE, clientResult(new ConnectException("x")).failure());
        assertEquals(FailureKind.TIMEOUT, clientResult(new SocketTimeoutException("x")).failure());
        assertEquals(FailureKind.UNREACHABLE, clientResult(new UnknownHostException("x")).failure());
        assertEquals(FailureKind.TLS, clientResult(new javax.net.ssl.SSLHandshakeException("x")).failure());
    }

    @Test
    void serviceAnswers() {
        assertEquals("access denied writing healthcheck in bucket b1 at " + WHERE + " (SignatureDoesNotMatch): "
                + "check the access key, the secret and the bucket's policy", service(403, "SignatureDoesNotMatch"));
        assertEquals("bucket b1 not found at " + WHERE, service(404, "NoSuchBucket"));
        assertEquals("bucket b1 is in another region than the one given for " + WHERE + " (PermanentRedirect)",
                service(301, "PermanentRedirect"));
        assertEquals("S3 at " + WHERE + " answered HTTP 500 writing healthcheck in bucket b1 (InternalError)",
                service(500, "InternalError"));
    }

    @Test
    void transportFailures() {
        assertEquals("S3 at " + WHERE + " is unreachable (connection refused)", client(new ConnectException("x")));
        assertEquals("S3 at " + WHERE + " did not answer in time", client(new SocketTimeoutException("x")));
        assertEquals("S3 at " + WHERE + " is unreachable (host does not resolve)", client(new UnknownHostException("x")));
        assertEquals("S3 at " + WHERE + " did not answer in time",
                S3Failures.result(ApiCallTimeoutException.create(5000), "reading back healthcheck", "b1", WHERE).error());
        assertEquals("S3 at " + WHERE + " is unreachable (IllegalStateException)", client(new IllegalStateException("KEY123")));
    }
}
