package dev.casguard.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Answers a broken percent-encoding in the URI with a 400 problem before JAX-RS sees it: JAX-RS
 * fails on it outside any exception mapper, with an empty 200 and a stack trace in the log.
 */
@WebFilter(urlPatterns = "/api/*")
public class MalformedUriGuard extends HttpFilter {

    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String query = request.getQueryString();
        if (BROKEN_ESCAPE.matcher(request.getRequestURI()).find()
                || (query != null && BROKEN_ESCAPE.matcher(query).find())) {
            String body = ProblemResponse.of(ProblemCode.VALIDATION_FAILED, "the URI has a malformed %-escape")
                    .getEntity().toString();
            response.setStatus(400);
            response.setContentType(ProblemResponse.PROBLEM_JSON.toString());
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
