package dev.casguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** How failures that escape the resources are answered. */
class UnexpectedFailureMapperTest {

    private static IllegalStateException thrownAt(String className) {
        IllegalStateException failure = new IllegalStateException("Task already scheduled or cancelled");
        failure.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.Timer", "sched", "Timer.java", 413),
            new StackTraceElement(className, "scheduleResizerTask", "ConnectionPool.java", 271)});
        return failure;
    }

    @Test
    void aFailureInsidePayarasPoolIsTheDatabaseBeingAway() {
        Response response = new UnexpectedFailureMapper()
                .toResponse(new RuntimeException(thrownAt("com.sun.enterprise.resource.pool.ConnectionPool")));
        assertEquals(503, response.getStatus());
        assertEquals("1", response.getHeaderString("Retry-After"));
        assertEquals(ProblemResponse.PROBLEM_JSON, response.getMediaType());
    }

    @Test
    void theSameFailureElsewhereIsA500WithoutItsMessage() {
        Response response = new UnexpectedFailureMapper().toResponse(thrownAt("dev.casguard.SomewhereElse"));
        assertEquals(500, response.getStatus());
        assertFalse(String.valueOf(response.getEntity()).contains("Task already scheduled"));
    }
}
