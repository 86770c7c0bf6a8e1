package dev.casguard.api;

import dev.casguard.domain.Refusal;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A capability's refusal, answered with the contract's problem code for its reason. */
@Provider
public class RefusalMapper implements ExceptionMapper<Refusal> {

    @Override
    public Response toResponse(Refusal refusal) {
        return ProblemResponse.of(refusal);
    }
}
