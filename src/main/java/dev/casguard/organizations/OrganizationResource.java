package dev.casguard.organizations;

import dev.casguard.api.JsonFields;
import dev.casguard.domain.Refusal;
import dev.casguard.platform.DatabaseClock;
import dev.casguard.security.AdminOnly;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;

@Path("/v1/orgs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    @Inject
    OrganizationRepository organizations;

    @Inject
    DatabaseClock clock;

    @POST
    @AdminOnly
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(JsonObject body, @Context UriInfo uri) {
        String name = JsonFields.of(body, Set.of("name")).requiredName();
        if (organizations.findLive(name).isPresent()) {
            throw Refusal.alreadyExists("an organization named '" + name + "' exists");
        }
        Organization organization = new Organization(name, clock.now());
        organizations.add(organization);
        return Response.created(uri.getAbsolutePathBuilder().path(name).build())
                .entity(OrganizationView.of(organization)).build();
    }

    @GET
    @AdminOnly
    public List<OrganizationView> list() {
        return organizations.listLive().stream().map(OrganizationView::of).toList();
    }

    @GET
    @Path("{org}")
    public OrganizationView get(@PathParam("org") String org) {
        return OrganizationView.of(organizations.require(org));
    }

    @DELETE
    @Path("{org}")
    @AdminOnly
    @Transactional
    public Response delete(@PathParam("org") String org) {
        organizations.delete(organizations.require(org), clock.now());
        return Response.noContent().build();
    }
}
