package dev.casguard.webhooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** casguard's signatures against the Standard Webhooks project's own Java library. */
class SigningSecretTest {

    private static final String BODY = "{\"type\":\"ping\",\"timestamp\":\"2026-12-04T10:00:00Z\",\"data\":{}}";

    @Test
    void aNewSecretIsWhsecAndTheBase64OfThirtyTwoRandomBytes() {
        String value = SigningSecret.generate().reveal();
        assertTrue(value.startsWith("whsec_"), value);
        assertEquals(32, Base64.getDecoder().decode(value.substring(6)).length);
        assertNotEquals(value, SigningSecret.generate().reveal());
    }

    @Test
    void theStandardWebhooksVerifierAcceptsTheSignatureAndRefusesATamperedBody() throws Exception {
        SigningSecret secret = SigningSecret.generate();
        long now = Instant.now().getEpochSecond();
        String id = "6f0c6b3e-3c1f-4c55-9f0e-2a4f0f5b1d11";
        HttpHeaders headers = HttpHeaders.of(Map.of("webhook-id", List.of(id), "webhook-timestamp",
                List.of(Long.toString(now)), "webhook-signature", List.of(secret.sign(id, now, BODY))), (a, b) -> true);
        Webhook verifier = new Webhook(secret.reveal());
        assertDoesNotThrow(() -> verifier.verify(BODY, headers));
        assertThrows(WebhookVerificationException.class, () -> verifier.verify(BODY.replace("ping", "pong"), headers));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(SigningSecret.generate().reveal()).verify(BODY, headers));
        assertEquals(verifier.sign(id, now, BODY), secret.sign(id, now, BODY), "the same v1 signature");
    }

    @Test
    void itsTextNeverShowsTheSecret() {
        SigningSecret secret = SigningSecret.generate();
        assertFalse(secret.toString().contains(secret.reveal().substring(6, 20)), secret.toString());
        assertThrows(IllegalStateException.class, () -> SigningSecret.of("not-a-secret"));
    }
}
