package dev.casguard.platform;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Conversions between what JDBC hands back for {@code timestamptz} and the API's UTC instants. */
public final class Timestamps {

    private Timestamps() {
    }

    public static OffsetDateTime of(Object jdbcValue) {
        if (jdbcValue instanceof OffsetDateTime odt) {
            return odt.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (jdbcValue instanceof Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (jdbcValue instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a timestamp: " + jdbcValue);
    }

    /** For responses: UTC, to the millisecond. */
    public static Instant utc(OffsetDateTime value) {
        return value == null ? null : value.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
