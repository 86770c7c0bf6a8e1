package dev.casguard.platform;

import dev.casguard.domain.Refusal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * This request's place under {@link RequestAdmission}'s bound. A request that must wait for
 * something slow that needs no database, such as a tenant's provider, steps aside so that its
 * permit serves quick requests meanwhile, and steps back in for the short work after.
 */
@RequestScoped
public class AdmittedRequest {

    @Inject
    RequestAdmission admission;

    private boolean holding;

    /** Waits for a permit; false when none came within the admission wait. */
    public boolean enter() throws InterruptedException {
        holding = admission.enter();
        return holding;
    }

    /** Gives the permit back, if this request holds one. */
    public void leave() {
        if (holding) {
            holding = false;
            admission.leave();
        }
    }

    public void stepAside() {
        leave();
    }

    /** Takes a permit again; 503 {@code UNAVAILABLE} when none frees up within the admission wait. */
    public void stepBackIn() {
        if (holding) {
            return;
        }
        try {
            holding = admission.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!holding) {
            throw new Refusal(Refusal.Reason.BUSY, "too many requests in progress on this instance; retry later");
        }
    }
}
