package dev.casguard.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;

/**
 * PostgreSQL's wall clock, the one clock every instance shares. Due-times and validation fences
 * are compared on it, never on an instance's own clock, so skew between hosts cannot reorder them.
 * {@code clock_timestamp()} rather than {@code now()}: the latter is frozen at transaction start.
 */
@ApplicationScoped
public class DatabaseClock {

    @PersistenceContext(unitName = "casguard")
    EntityManager em;

    public OffsetDateTime now() {
        Object value = em.createNativeQuery("select clock_timestamp()").getSingleResult();
        return Timestamps.of(value);
    }
}
