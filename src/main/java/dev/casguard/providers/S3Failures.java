package dev.casguard.providers;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the AWS SDK threw into a short reason. Only S3's error code and our own words are
 * used: SDK messages can carry request details we do not want in a stored error.
 */
final class S3Failures {

    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "AllAccessDisabled", "AccountProblem");

    private S3Failures() {
    }

    /** {@code doing} is the step that failed, e.g. "writing healthcheck". */
    static String describe(SdkException failure, String doing, String bucket, String where) {
        if (failure instanceof AwsServiceException service) {
            return serviceAnswer(service, doing, bucket, where);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutboundFailure outbound) { // refused, too large: our own words already
                return outbound.getMessage();
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException
                    || cause instanceof AbortedException || cause instanceof InterruptedIOException) {
                return "S3 at " + where + " did not answer in time";
            }
            if (cause instanceof ConnectException) {
                return "S3 at " + where + " is unreachable (connection refused)";
            }
            if (cause instanceof UnknownHostException) {
                return "S3 at " + where + " is unreachable (host does not resolve)";
            }
            if (cause instanceof SSLException) {
                return "TLS with S3 at " + where + " failed";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "S3 at " + where + " is unreachable (" + root.getClass().getSimpleName() + ")";
    }

    private static String serviceAnswer(AwsServiceException service, String doing, String bucket, String where) {
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        int status = service.statusCode();
        String suffix = code == null ? " (HTTP " + status + ")" : " (" + code + ")";
        if ("NoSuchBucket".equals(code) || (status == 404 && code == null)) {
            return "bucket " + bucket + " not found at " + where;
        }
        if (status == 403 || (code != null && DENIED.contains(code))) {
            return "access denied " + doing + " in bucket " + bucket + " at " + where + suffix
                    + ": check the access key, the secret and the bucket's policy";
        }
        if (status == 301 || "AuthorizationHeaderMalformed".equals(code)) {
            return "bucket " + bucket + " is in another region than the one given for " + where + suffix;
        }
        return "S3 at " + where + " answered HTTP " + status + " " + doing + " in bucket " + bucket + suffix;
    }
}
