package dev.casguard.backends;

import dev.casguard.api.ListLimit;
import dev.casguard.domain.Refusal;
import dev.casguard.organizations.Organization;
import dev.casguard.organizations.OrganizationRepository;
import dev.casguard.platform.DatabaseClock;
import dev.casguard.providers.CheckResult;
import dev.casguard.providers.ProviderCheck;
import dev.casguard.providers.ProviderChecks;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * An organization's CAS backends. Provider checks run before, and outside, the transaction that
 * stores their outcome, under the organization's {@link ApiCheckQuota}: no database connection and
 * no admission permit waits on a provider.
 */
@Path("/v1/orgs/{org}/cas-backends")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CasBackendResource {

    @Inject
    OrganizationRepository organizations;

    @Inject
    CasBackendRepository backends;

    @Inject
    CasBackendService service;

    @Inject
    ProviderChecks checks;

    @Inject
    BackendValidation validation;

    @Inject
    ValidationRecorder recorder;

    @Inject
    ApiCheckQuota quota;

    @Inject
    DatabaseClock clock;

    @GET
    public List<BackendView> list(@PathParam("org") String org) {
        return backends.listLive(organizations.require(org).id()).stream().map(BackendView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("org") String org, JsonObject body, @Context UriInfo uri) {
        BackendRequest request = BackendRequest.forCreate(body);
        ProviderCheck provider = checks.of(request.provider());
        String location = provider.normalizeLocation(request.location());
        long maxBytes = BackendRequest.maxBytesFor(request.provider(), request.maxBytes());
        JsonObject credentials = request.credentials().orElse(null);
        provider.validateCredentials(credentials);
        Organization organization = organizations.require(org);
        if (backends.findLive(organization.id(), request.name()).isPresent()) {
            throw Refusal.alreadyExists("a CAS backend named '" + request.name() + "' exists");
        }
        OffsetDateTime checkedAt = clock.now();
        requirePassing(quota.run(organization.name(), request.provider(),
                () -> validation.checkNew(request.provider(), organization.name(), location, credentials)));
        CasBackend backend = service.create(organization.id(), request, location, maxBytes,
                request.provider().inControlPlane() ? null : credentials, checkedAt);
        return Response.created(uri.getAbsolutePathBuilder().path(backend.name()).build())
                .entity(BackendView.of(backend)).build();
    }

    @GET
    @Path("{name}")
    public BackendView get(@PathParam("org") String org, @PathParam("name") String name) {
        return BackendView.of(backends.require(organizations.require(org).id(), name));
    }

    @PATCH
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public BackendView update(@PathParam("org") String org, @PathParam("name") String name, JsonObject body) {
        BackendRequest patch = BackendRequest.forPatch(body);
        Organization organization = organizations.require(org);
        CasBackend current = backends.require(organization.id(), name);
        JsonObject credentials = null;
        OffsetDateTime checkedAt = null;
        if (patch.credentials().isPresent()) {
            ProviderCheck provider = checks.of(current.provider());
            credentials = patch.credentials().orElse(null);
            provider.validateCredentials(credentials);
            if (current.provider().inControlPlane()) {
                credentials = null;
            } else {
                checkedAt = clock.now();
                JsonObject candidate = credentials;
                requirePassing(quota.run(organization.name(), current.provider(),
                        () -> validation.checkNew(current.provider(), organization.name(), current.location(), candidate)));
            }
        }
        if (patch.maxBytes().isPresent()) {
            BackendRequest.maxBytesFor(current.provider(), patch.maxBytes());
        }
        CasBackend updated = service.update(organization.id(), name, patch, credentials, checkedAt);
        if (checkedAt != null) {
            recorder.record(updated.id(), checkedAt, CheckResult.passed(), ValidationSource.API);
            updated = backends.require(organization.id(), name);
        }
        return BackendView.of(updated);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("org") String org, @PathParam("name") String name) {
        service.delete(organizations.require(org).id(), name);
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/revalidate")
    public BackendView revalidate(@PathParam("org") String org, @PathParam("name") String name) {
        Organization organization = organizations.require(org);
        CasBackend backend = backends.require(organization.id(), name);
        quota.run(organization.name(), backend.provider(),
                () -> validation.validate(backend, organization.name(), ValidationSource.API));
        return BackendView.of(backends.require(organization.id(), name));
    }

    @GET
    @Path("{name}/events")
    public List<BackendEventView> events(@PathParam("org") String org, @PathParam("name") String name,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        CasBackend backend = backends.require(organizations.require(org).id(), name);
        return backends.events(backend.id(), ListLimit.parse(limit)).stream().map(BackendEventView::of).toList();
    }

    private static void requirePassing(CheckResult result) {
        if (!result.ok()) {
            throw new Refusal(Refusal.Reason.CREDENTIALS_REJECTED, result.error(),
                    Map.of("validationFailure", result.failure().wireName()));
        }
    }
}
