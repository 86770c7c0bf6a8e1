package dev.casguard.api;

import dev.casguard.payara.GrizzlyRequestGuard;
import dev.casguard.payara.RequestLine;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.Optional;

/**
 * Has request lines the web container would choke on ({@link RequestTargetCheck}) re-addressed,
 * under this WAR's context path, to {@link RefusedRequestFilter}, which answers them as
 * problem+json; the container's own answers would be an empty 200 or a bare 400/405. The
 * re-addressing happens in front of the container ({@link GrizzlyRequestGuard}).
 */
@WebListener
public class RequestTargetGuard implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String contextPath = event.getServletContext().getContextPath();
        GrizzlyRequestGuard.start(line -> readdress(contextPath, line));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        GrizzlyRequestGuard.stop();
    }

    /** Where the container should take {@code line} instead, if it cannot take it as sent. */
    static Optional<RequestLine> readdress(String contextPath, RequestLine line) {
        return RequestTargetCheck.refusal(line.method(), line.target()).map(refusal -> new RequestLine(
                // TRACE itself would get the container's bare 405
                refusal.equals(RequestTargetCheck.REFUSED_METHOD) ? "GET" : line.method(), contextPath + refusal));
    }
}
