package dev.casguard.api;

import dev.casguard.platform.AdmittedRequest;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Admits API requests through {@link dev.casguard.platform.RequestAdmission}. A servlet filter rather than a JAX-RS one so
 * that the permit is returned on every path out, whatever JAX-RS does with the request.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class ApiAdmissionFilter extends HttpFilter {

    @Inject
    AdmittedRequest admission;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean admitted;
        try {
            admitted = admission.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            refuse(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            admission.leave();
        }
    }

    private static void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(ProblemCode.UNAVAILABLE.status());
        response.setContentType(ProblemResponse.PROBLEM_JSON.toString());
        response.setHeader("Retry-After", "1");
        byte[] body = ProblemResponse.body(ProblemCode.UNAVAILABLE,
                "too many requests in progress on this instance; retry later").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
