package dev.casguard.organizations;

import dev.casguard.api.JsonFields;
import dev.casguard.domain.Refusal;
import dev.casguard.platform.DatabaseClock;
import dev.casguard.platform.Timestamps;
import dev.casguard.security.AdminOnly;
import dev.casguard.security.BearerToken;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Path("/v1/orgs/{org}/tokens")
@RequestScoped
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class ApiTokenResource {

    @Inject
    OrganizationRepository organizations;

    @Inject
    ApiTokenRepository tokens;

    @Inject
    DatabaseClock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response mint(@PathParam("org") String org, JsonObject body, @Context UriInfo uri) {
        String name = JsonFields.of(body, Set.of("name")).requiredName();
        Organization organization = organizations.require(org);
        if (tokens.nameTaken(organization.id(), name)) {
            throw Refusal.alreadyExists("a token named '" + name + "' exists");
        }
        String secret = BearerToken.mint();
        ApiToken token = new ApiToken(organization.id(), name, BearerToken.digest(secret), clock.now());
        tokens.add(token);
        return Response.created(uri.getAbsolutePathBuilder().path(token.id().toString()).build())
                .entity(new MintedToken(token.id(), token.name(), secret, Timestamps.utc(token.createdAt())))
                .build();
    }

    @GET
    public List<TokenView> list(@PathParam("org") String org) {
        return tokens.listLive(organizations.require(org).id()).stream().map(TokenView::of).toList();
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response revoke(@PathParam("org") String org, @PathParam("id") String id) {
        Organization organization = organizations.require(org);
        ApiToken token = parseId(id).flatMap(uuid -> tokens.findLive(organization.id(), uuid))
                .orElseThrow(() -> Refusal.notFound("no such token"));
        token.revoke(clock.now());
        return Response.noContent().build();
    }

    private static Optional<UUID> parseId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
