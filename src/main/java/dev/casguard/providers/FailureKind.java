package dev.casguard.providers;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a failed check ran into (contract v1.1, {@code validationFailure}). A definitive kind says
 * the backend as configured cannot work; a transient one may pass on the next try, so the check is
 * tried again within its validation timeout before the backend is called Invalid.
 */
public enum FailureKind {
    /** The provider refused the credentials. */
    DENIED("denied", false),
    /** The bucket, container or repository does not exist. */
    NOT_FOUND("not-found", false),
    /** casguard's outbound rules refused the destination, or the provider sent us somewhere else. */
    REFUSED_BY_POLICY("refused-by-policy", false),
    /** The stored configuration cannot be used as it is (unreadable credentials, an unsupported scheme, not this API). */
    INVALID_CONFIGURATION("invalid-configuration", false),
    /** TLS handshake or certificate. */
    TLS("tls", false),
    /** DNS failure, refused or reset connection. */
    UNREACHABLE("unreachable", true),
    /** The provider did not answer within its share of the validation timeout. */
    TIMEOUT("timeout", true),
    /** 429, or 503 with Retry-After. */
    THROTTLED("throttled", true),
    /** Another 5xx, an answer too large or not HTTP. */
    PROVIDER_ERROR("provider-error", true);

    private final String wireName;
    private final boolean isTransient;

    FailureKind(String wireName, boolean isTransient) {
        this.wireName = wireName;
        this.isTransient = isTransient;
    }

    public String wireName() {
        return wireName;
    }

    /** Worth trying again within the same validation. */
    public boolean isTransient() {
        return isTransient;
    }

    /** The kind stored under {@code wireName}; empty for results stored before kinds existed. */
    public static Optional<FailureKind> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(wireName)).findFirst();
    }

    /**
     * What an HTTP status other than the expected one says: 429 and 503-with-Retry-After throttle,
     * other 5xx are the provider's error, 401/403 deny, 404 is not found, anything else means the
     * location does not speak the API it was configured as.
     */
    public static FailureKind ofStatus(int status, boolean retryAfterGiven) {
        if (status == 429 || (status == 503 && retryAfterGiven)) {
            return THROTTLED;
        }
        if (status >= 500) {
            return PROVIDER_ERROR;
        }
        if (status == 401 || status == 403) {
            return DENIED;
        }
        return status == 404 ? NOT_FOUND : INVALID_CONFIGURATION;
    }
}
