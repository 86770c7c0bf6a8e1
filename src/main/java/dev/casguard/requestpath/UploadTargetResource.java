package dev.casguard.requestpath;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** The guarded endpoint: the backend a client should upload to now. */
@Path("/v1/orgs/{org}/upload-target")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UploadTargetResource {

    @GET
    @RevalidateStaleDefault
    @GuardUploads
    public UploadTarget uploadTarget(@Context ContainerRequestContext request) {
        return (UploadTarget) request.getProperty(UploadGuardFilter.TARGET);
    }
}
