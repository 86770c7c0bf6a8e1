package dev.casguard.security;

import jakarta.enterprise.context.RequestScoped;

/** Carries the request's {@link Caller} from the authentication filter to resources. */
@RequestScoped
public class CallerContext {

    private Caller caller;

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }

    void authenticate(Caller caller) {
        this.caller = caller;
    }
}
