package dev.casguard.webhooks;

import dev.casguard.domain.Refusal;
import dev.casguard.organizations.Organization;
import dev.casguard.platform.DatabaseClock;
import dev.casguard.providers.OutboundPolicy;
import dev.casguard.security.CredentialCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Subscribing, unsubscribing, pinging and resending: each in one short transaction. */
@ApplicationScoped
public class WebhookService {

    @Inject
    WebhookRepository webhooks;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    OutboundPolicy policy;

    @Inject
    CredentialCipher cipher;

    @Inject
    DatabaseClock clock;

    @Inject
    WebhookSettings settings;

    /**
     * Refuses a URL the outbound policy would not let a delivery reach. Outside any transaction: it
     * resolves the host name, and no connection waits on that.
     */
    public void vet(Organization organization, ReceiverUrl url) {
        policy.refusal(organization.name(), url.uri()).ifPresent(reason -> {
            throw Refusal.invalid("'url' is refused: " + reason);
        });
    }

    /** A new subscription with a new secret, after {@link #vet}. */
    @Transactional
    public CreatedWebhook create(Organization organization, WebhookRequest request) {
        OffsetDateTime at = clock.now();
        if (webhooks.count(organization.id()) >= settings.maxPerOrganization()) {
            throw Refusal.invalid("the organization has " + settings.maxPerOrganization()
                    + " webhooks, the most it may have; delete one first");
        }
        UUID id = UUID.randomUUID();
        SigningSecret secret = SigningSecret.generate();
        Webhook webhook = new Webhook(id, organization.id(), request.url(), request.events(),
                request.description().orElse(null), cipher.encrypt(id, secret.reveal()), at);
        webhooks.add(webhook);
        return new CreatedWebhook(webhook, secret);
    }

    @Transactional
    public void delete(Webhook webhook) {
        webhooks.delete(webhook);
    }

    /** A ping, due now; while one is still pending, that one. */
    @Transactional
    public Delivery ping(Organization organization, Webhook webhook) {
        return deliveries.pendingPing(webhook.id()).orElseGet(() -> {
            OffsetDateTime at = clock.now();
            Delivery ping = new Delivery(webhook.id(), organization.id(), organization.name(), DeliveryPayload.PING,
                    DeliveryPayload.ping(organization.name(), webhook.id(), at), at);
            deliveries.add(ping);
            return ping;
        });
    }

    @Transactional
    public Delivery retry(Webhook webhook, String deliveryId) {
        return deliveries.retry(deliveries.require(webhook.id(), deliveryId));
    }

    /** A new subscription and the secret shown once. */
    record CreatedWebhook(Webhook webhook, SigningSecret secret) {
    }
}
