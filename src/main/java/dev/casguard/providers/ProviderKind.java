package dev.casguard.providers;

import java.util.Arrays;
import java.util.Optional;

/** The storage kinds a CAS backend can be, by their names in the API. */
public enum ProviderKind {
    OCI("OCI"),
    AWS_S3("AWS-S3"),
    AZURE_BLOB("AzureBlob"),
    INLINE("INLINE");

    private final String wireName;

    ProviderKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * Whether backends of this kind keep material in the control plane itself (INLINE), INLINE's
     * rules in one place: such a backend reaches no provider, so it takes no credentials, always
     * passes its check, is never checked by the checker nor counted among an organization's
     * checks, has a fixed size, and is where a default hands over when there is no fallback.
     */
    public boolean inControlPlane() {
        return this == INLINE;
    }

    public static Optional<ProviderKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name)).findFirst();
    }
}
