package dev.casguard.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A subscription's signing secret in the Standard Webhooks form, {@code whsec_} and the base64 of
 * 32 random bytes. Shown to the organization once, at creation; stored only encrypted.
 */
final class SigningSecret {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private SigningSecret(String value) {
        this.value = value;
    }

    static SigningSecret generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new SigningSecret(PREFIX + Base64.getEncoder().encodeToString(key));
    }

    /** A secret read back from storage. */
    static SigningSecret of(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new IllegalStateException("a stored signing secret is not in the whsec_ form");
        }
        return new SigningSecret(value);
    }

    /** The value itself: for the creation answer and for encryption, nowhere else. */
    String reveal() {
        return value;
    }

    /**
     * The {@code webhook-signature} header: {@code v1,} and the base64 HMAC-SHA256 of
     * {@code id.timestamp.body}, keyed by the decoded bytes after the prefix.
     */
    String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(value.substring(PREFIX.length())), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "SigningSecret[hidden]";
    }
}
