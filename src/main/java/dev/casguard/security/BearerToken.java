package dev.casguard.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Organization tokens: 256 random bits, shown once. Only their SHA-256 digest is stored; a slow
 * password hash adds nothing for values with this much entropy and would cost every request.
 */
public final class BearerToken {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "cgo_";

    private BearerToken() {
    }

    public static String mint() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Compares in constant time so that response timing does not reveal the admin token. */
    public static boolean sameSecret(String presented, String expected) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
