package dev.casguard.providers;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the AWS SDK threw into a failed check: its kind and a short reason. Only S3's error
 * code and our own words are used: SDK messages can carry request details we do not want in a
 * stored error.
 */
final class S3Failures {

    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "AllAccessDisabled", "AccountProblem");

    private S3Failures() {
    }

    /** {@code doing} is the step that failed, e.g. "writing healthcheck". */
    static CheckResult result(SdkException failure, String doing, String bucket, String where) {
        if (failure instanceof AwsServiceException service) {
            return serviceAnswer(service, doing, bucket, where);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutboundFailure outbound) { // refused, too large: our own words already
                return outbound.asResult();
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException
                    || cause instanceof AbortedException || cause instanceof InterruptedIOException) {
                return CheckResult.failed(FailureKind.TIMEOUT, "S3 at " + where + " did not answer in time");
            }
            if (cause instanceof ConnectException) {
                return CheckResult.failed(FailureKind.UNREACHABLE, "S3 at " + where + " is unreachable (connection refused)");
            }
            if (cause instanceof UnknownHostException) {
                return CheckResult.failed(FailureKind.UNREACHABLE, "S3 at " + where + " is unreachable (host does not resolve)");
            }
            if (cause instanceof SSLException) {
                return CheckResult.failed(FailureKind.TLS, "TLS with S3 at " + where + " failed");
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return CheckResult.failed(FailureKind.UNREACHABLE,
                "S3 at " + where + " is unreachable (" + root.getClass().getSimpleName() + ")");
    }

    private static CheckResult serviceAnswer(AwsServiceException service, String doing, String bucket, String where) {
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        int status = service.statusCode();
        String suffix = code == null ? " (HTTP " + status + ")" : " (" + code + ")";
        if ("NoSuchBucket".equals(code) || (status == 404 && code == null)) {
            return CheckResult.failed(FailureKind.NOT_FOUND, "bucket " + bucket + " not found at " + where);
        }
        if (status == 403 || (code != null && DENIED.contains(code))) {
            return CheckResult.failed(FailureKind.DENIED, "access denied " + doing + " in bucket " + bucket + " at "
                    + where + suffix + ": check the access key, the secret and the bucket's policy");
        }
        if (status == 301 || "AuthorizationHeaderMalformed".equals(code)) {
            return CheckResult.failed(FailureKind.INVALID_CONFIGURATION,
                    "bucket " + bucket + " is in another region than the one given for " + where + suffix);
        }
        Optional<Duration> retryAfter = service.awsErrorDetails() == null || service.awsErrorDetails().sdkHttpResponse() == null
                ? Optional.empty()
                : service.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(RetryAfter::parse);
        // S3 asks to slow down with 503 SlowDown, which need not carry a Retry-After
        FailureKind kind = "SlowDown".equals(code) ? FailureKind.THROTTLED : FailureKind.ofStatus(status, retryAfter.isPresent());
        return CheckResult.failed(kind,
                "S3 at " + where + " answered HTTP " + status + " " + doing + " in bucket " + bucket + suffix, retryAfter);
    }
}
