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

    public static Optional<ProviderKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name)).findFirst();
    }
}
