package dev.casguard.api;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own errors (no route, wrong method or media type) in the contract's problem+json shape. */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            return ProblemResponse.of(ProblemCode.NOT_FOUND, "no such resource");
        }
        if (e instanceof NotAllowedException) {
            Response problem = ProblemResponse.of(ProblemCode.METHOD_NOT_ALLOWED, "method not allowed on this resource");
            String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            return allow == null ? problem : Response.fromResponse(problem).header(HttpHeaders.ALLOW, allow).build();
        }
        if (e instanceof NotSupportedException) {
            return ProblemResponse.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json");
        }
        if (e instanceof NotAcceptableException) {
            return ProblemResponse.of(ProblemCode.NOT_ACCEPTABLE, "this resource answers application/json");
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 413) {
            return ProblemResponse.of(ProblemCode.PAYLOAD_TOO_LARGE, "the body is over 64 KiB");
        }
        if (status >= 400 && status < 500) {
            return ProblemResponse.of(ProblemCode.VALIDATION_FAILED, "malformed request");
        }
        return UnexpectedFailureMapper.internal(e);
    }
}
