package dev.casguard.webhooks;

import java.util.UUID;

/**
 * A delivery this instance holds the lease of for one attempt, with what the attempt needs: the
 * organization (the outbound policy's key), the body, the subscription's URL and sealed secret.
 * Its {@code attempt} number fences the outcome.
 */
record ClaimedDelivery(UUID id, String organization, String payload, int attempt, UUID webhookId, String url,
        byte[] sealedSecret) {

    @Override
    public String toString() {
        return "ClaimedDelivery[" + id + ", attempt " + attempt + "]";
    }
}
