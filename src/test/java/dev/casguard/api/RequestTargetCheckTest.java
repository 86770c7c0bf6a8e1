package dev.casguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/orgs", "/api/v1/orgs/acme", "/api/v1/orgs/%c3%a9", "/api/v1/orgs/a%2fb",
            "/api/v1/orgs/%2e%2e", "/api/v1/orgs/../x", "/api/v1/orgs/a;jsessionid=1", "/health/live", "/",
            "/api/v1/orgs/%F0%9F%98%80", "/api/v1/orgs/%25zz", "*", "http://host/x"})
    void takenAsSent(String path) {
        assertEquals(Optional.empty(), RequestTargetCheck.refusal("GET", path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/orgs/%zz", "/api/v1/orgs/a%", "/api/v1/orgs/a%2", "/api/%g0", "/health/%zz",
            "/api/v1/orgs/%ff", "/api/v1/orgs/%c0%ae", "/api/v1/orgs/%ed%a0%80", "/api/v1/orgs/%e2%80",
            "/api/v1/orgs/a%00b", "/api/v1/orgs/a%5cb", "/api/v1/orgs/a\\b", "/api/v1/orgs/\u00ff\u00fe",
            "/../etc/passwd", "/api/%2e%2e/%2e%2e/x", "/api/v1/orgs/%u0041"})
    void refusedAsATargetProblem(String path) {
        assertEquals(Optional.of(RequestTargetCheck.REFUSED_TARGET), RequestTargetCheck.refusal("GET", path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/live", "/health", "/metrics", "/metrics/application", "/openapi"})
    void payarasOwnEndpointsTakeOnlyReadingMethods(String path) {
        for (String method : new String[] {"GET", "HEAD", "OPTIONS"}) {
            assertEquals(Optional.empty(), RequestTargetCheck.refusal(method, path));
        }
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "PROPFIND", "get"}) {
            assertEquals(Optional.of(RequestTargetCheck.REFUSED_SERVER_METHOD), RequestTargetCheck.refusal(method, path));
        }
        assertEquals(Optional.empty(), RequestTargetCheck.refusal("PATCH", "/api/v1/orgs/a/cas-backends/b"));
        // the WAR's own paths, whatever its context root: JAX-RS and the error page answer those
        assertEquals(Optional.empty(), RequestTargetCheck.refusal("POST", "/casguard/api/v1/orgs"));
        assertEquals(Optional.empty(), RequestTargetCheck.refusal("POST", "/"));
        assertEquals(Optional.empty(), RequestTargetCheck.refusal("POST", "/healthy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/orgs", "/health/live", "/api/v1/orgs/%zz"})
    void traceIsAMethodProblem(String path) {
        assertEquals(Optional.of(RequestTargetCheck.REFUSED_METHOD), RequestTargetCheck.refusal("TRACE", path));
    }
}
