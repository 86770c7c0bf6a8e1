package dev.casguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casguard.payara.RequestLine;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestTargetGuardTest {

    @Test
    void aBadTargetKeepsItsMethodAndGoesUnderTheContextPath() {
        assertEquals(Optional.of(new RequestLine("POST", "/casguard" + RequestTargetCheck.REFUSED_TARGET)),
                RequestTargetGuard.readdress("/casguard", new RequestLine("POST", "/api/v1/orgs/%zz")));
        assertEquals(Optional.of(new RequestLine("DELETE", RequestTargetCheck.REFUSED_SERVER_METHOD)),
                RequestTargetGuard.readdress("", new RequestLine("DELETE", "/health")));
    }

    @Test
    void traceIsSentOnAsGetBecauseTheContainerRefusesTraceItself() {
        assertEquals(Optional.of(new RequestLine("GET", RequestTargetCheck.REFUSED_METHOD)),
                RequestTargetGuard.readdress("", new RequestLine("TRACE", "/api/v1/orgs")));
    }

    @Test
    void aTargetTheContainerTakesIsLeftAlone() {
        assertEquals(Optional.empty(), RequestTargetGuard.readdress("", new RequestLine("GET", "/api/v1/orgs/acme")));
    }
}
