package dev.casguard.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encrypts secrets at rest (backend credentials, webhook signing secrets) with AES-256-GCM under
 * {@code casguard.secrets.key}. The owning row's id is bound in as associated data, so a ciphertext
 * copied onto another row does not decrypt. Layout: version byte, 12-byte nonce, ciphertext with its 16-byte tag.
 */
@ApplicationScoped
public class CredentialCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "casguard.secrets.key")
    Optional<String> encodedKey;

    private SecretKey key;

    @PostConstruct
    void loadKey() {
        key = parseKey(encodedKey.orElse(null));
    }

    /** A cipher under {@code encoded} outside the container: for tools that write backends in bulk (bench/). */
    public static CredentialCipher under(String encoded) {
        CredentialCipher cipher = new CredentialCipher();
        cipher.key = parseKey(encoded);
        return cipher;
    }

    /** Reads the key, failing with a message that says what to set (and never echoes the value). */
    public static SecretKey parseKey(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalStateException("casguard.secrets.key is not set (env CASGUARD_SECRETS_KEY): give the "
                    + "base64 of 32 random bytes, e.g. from `openssl rand -base64 32`");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("casguard.secrets.key is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("casguard.secrets.key must decode to 32 bytes (256 bits), not "
                    + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(UUID ownerId, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(ownerId));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("credential encryption failed: " + e.getClass().getSimpleName());
        }
    }

    public String decrypt(UUID ownerId, byte[] stored) {
        if (stored == null || stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new IllegalStateException("stored credentials are missing or of an unknown format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(ownerId));
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored credentials do not decrypt under casguard.secrets.key");
        }
    }

    private static byte[] associatedData(UUID ownerId) {
        return ownerId.toString().getBytes(StandardCharsets.UTF_8);
    }
}
