package dev.casguard.requestpath;

import dev.casguard.backends.UploadCandidates;
import jakarta.enterprise.context.RequestScoped;

/** What the request path's filters have decided so far for this request, for the next step. */
@RequestScoped
public class UploadTargetHolder {

    private UploadCandidates.Candidates candidates;
    private UploadTarget target;

    void revalidated(UploadCandidates.Candidates found) {
        candidates = found;
    }

    /** What {@link RevalidationFilter} found; it always runs before the guard on the same endpoint. */
    UploadCandidates.Candidates candidates() {
        if (candidates == null) {
            throw new IllegalStateException("@GuardUploads needs @RevalidateStaleDefault on the same endpoint");
        }
        return candidates;
    }

    void chosen(UploadTarget chosen) {
        target = chosen;
    }

    UploadTarget target() {
        return target;
    }
}
