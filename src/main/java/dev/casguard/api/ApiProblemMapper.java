package dev.casguard.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ApiProblemMapper implements ExceptionMapper<ApiProblem> {

    @Override
    public Response toResponse(ApiProblem problem) {
        return ProblemResponse.of(problem);
    }
}
