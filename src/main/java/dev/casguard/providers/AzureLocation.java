package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import java.util.regex.Pattern;

/** An AzureBlob backend's location, {@code account/container}, by Azure's naming rules. */
record AzureLocation(String account, String container) {

    private static final Pattern ACCOUNT = Pattern.compile("^[a-z0-9]{3,24}$");
    /** 3-63 characters; every hyphen between two letters or digits. */
    private static final Pattern CONTAINER = Pattern.compile("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$");

    static AzureLocation parse(String location) {
        String[] parts = location == null ? new String[0] : location.split("/", -1);
        if (parts.length != 2) {
            throw Refusal.invalid("an AzureBlob location is account/container");
        }
        if (!ACCOUNT.matcher(parts[0]).matches()) {
            throw Refusal.invalid("a storage account name is 3 to 24 lower-case letters and digits");
        }
        if (!CONTAINER.matcher(parts[1]).matches()) {
            throw Refusal.invalid("a container name is 3 to 63 lower-case letters, digits and single hyphens, "
                    + "beginning and ending with a letter or digit");
        }
        return new AzureLocation(parts[0], parts[1]);
    }

    String normalized() {
        return account + "/" + container;
    }

    @Override
    public String toString() {
        return normalized();
    }
}
