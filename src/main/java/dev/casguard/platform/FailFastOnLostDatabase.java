package dev.casguard.platform;

import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * EclipseLink retries a query that hit a dead connection three times, five seconds apart. Under a
 * database restart that parks every request (and the checker) for up to fifteen seconds instead
 * of answering 503 at once, and hides the outage from readiness-driven load balancers. casguard
 * fails fast and lets clients retry; the pool validates connections before handing them out.
 *
 * <p>The interface is the one in {@code sessions}: EclipseLink 4 (Payara Micro 6) casts to it and
 * EclipseLink 5 (Payara Micro 7) removed the old {@code config.SessionCustomizer}, so one class
 * serves both lines.
 */
public class FailFastOnLostDatabase implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        DatabaseLogin login = session.getLogin();
        login.setQueryRetryAttemptCount(0);
        login.setDelayBetweenConnectionAttempts(0);
    }
}
