package dev.casguard.webhooks;

import dev.casguard.api.ListLimit;
import dev.casguard.organizations.Organization;
import dev.casguard.organizations.OrganizationRepository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** An organization's webhooks and their deliveries (contract v1.1). */
@Path("/v1/orgs/{org}/webhooks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    @Inject
    OrganizationRepository organizations;

    @Inject
    WebhookRepository webhooks;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    WebhookService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("org") String org, JsonObject body, @Context UriInfo uri) {
        WebhookRequest request = WebhookRequest.of(body);
        Organization organization = organizations.require(org);
        service.vet(organization, request.url());
        WebhookService.CreatedWebhook created = service.create(organization, request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.webhook().id().toString()).build())
                .entity(NewWebhookView.of(created.webhook(), created.secret())).build();
    }

    @GET
    public List<WebhookView> list(@PathParam("org") String org) {
        return webhooks.list(organizations.require(org).id()).stream().map(WebhookView::of).toList();
    }

    @GET
    @Path("{id}")
    public WebhookView get(@PathParam("org") String org, @PathParam("id") String id) {
        return WebhookView.of(webhooks.require(organizations.require(org).id(), id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("org") String org, @PathParam("id") String id) {
        service.delete(webhooks.require(organizations.require(org).id(), id));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/test")
    public Response test(@PathParam("org") String org, @PathParam("id") String id) {
        Organization organization = organizations.require(org);
        Delivery ping = service.ping(organization, webhooks.require(organization.id(), id));
        return Response.accepted(DeliveryView.of(ping)).build();
    }

    @GET
    @Path("{id}/deliveries")
    public List<DeliveryView> deliveries(@PathParam("org") String org, @PathParam("id") String id,
            @QueryParam("limit") @DefaultValue("50") String limit) {
        Webhook webhook = webhooks.require(organizations.require(org).id(), id);
        return deliveries.list(webhook.id(), ListLimit.parse(limit)).stream().map(DeliveryView::of).toList();
    }

    @POST
    @Path("{id}/deliveries/{delivery}/retry")
    public Response retry(@PathParam("org") String org, @PathParam("id") String id,
            @PathParam("delivery") String delivery) {
        Webhook webhook = webhooks.require(organizations.require(org).id(), id);
        return Response.accepted(DeliveryView.of(service.retry(webhook, delivery))).build();
    }
}
