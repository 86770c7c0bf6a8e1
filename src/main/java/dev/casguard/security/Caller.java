package dev.casguard.security;

import java.util.UUID;

/** The authenticated party of a request: the operator, or one organization through its token. */
public record Caller(boolean admin, UUID organizationId, String organizationName) {

    public static Caller operator() {
        return new Caller(true, null, null);
    }

    public static Caller organization(UUID id, String name) {
        return new Caller(false, id, name);
    }

    public boolean mayAccess(String organization) {
        return admin || organizationName.equals(organization);
    }
}
