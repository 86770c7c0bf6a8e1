package dev.casguard.requestpath;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The guarded endpoint: the backend a client should upload to now, as its filters decided. */
@Path("/v1/orgs/{org}/upload-target")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UploadTargetResource {

    @Inject
    UploadTargetHolder holder;

    @GET
    @RevalidateStaleDefault
    @GuardUploads
    public UploadTarget uploadTarget() {
        return holder.target();
    }
}
