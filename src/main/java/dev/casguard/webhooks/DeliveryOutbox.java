package dev.casguard.webhooks;

import dev.casguard.backends.BackendStatusChanged;
import dev.casguard.organizations.Organization;
import dev.casguard.organizations.OrganizationDeleted;
import dev.casguard.organizations.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Writes a delivery per subscription for each status change, inside the transaction that stores
 * the change and its event: committed together or not at all, whichever instance and source saw
 * it. Sending is the {@link DeliveryWorker}'s, later and elsewhere.
 */
@ApplicationScoped
public class DeliveryOutbox {

    @Inject
    WebhookRepository webhooks;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    OrganizationRepository organizations;

    void statusChanged(@Observes BackendStatusChanged change) {
        List<Webhook> subscribed = webhooks.subscribedTo(change.organizationId(), DeliveryPayload.STATUS_CHANGED);
        if (subscribed.isEmpty()) {
            return;
        }
        Optional<Organization> organization = organizations.findLive(change.organizationId());
        if (organization.isEmpty()) {
            return;
        }
        String payload = DeliveryPayload.statusChanged(organization.get().name(), change);
        for (Webhook webhook : subscribed) {
            deliveries.add(new Delivery(webhook.id(), change.organizationId(), organization.get().name(),
                    DeliveryPayload.STATUS_CHANGED, payload, change.at()));
        }
    }

    /** A deleted organization's subscriptions go with it: secrets destroyed, nothing more sent. */
    void organizationDeleted(@Observes OrganizationDeleted deleted) {
        webhooks.deleteAll(deleted.organizationId());
    }
}
