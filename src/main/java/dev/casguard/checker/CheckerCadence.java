package dev.casguard.checker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * When a scope is due, decided on the database clock. Time is cut into slots of one interval,
 * aligned to the epoch (for PT30M: :00 and :30 past each hour); a scope is due when the current
 * slot is later than the slot in which its last run started. So each slot gets exactly one run,
 * whichever instances exist and whenever their timers fire. The record moves only forward.
 */
final class CheckerCadence {

    private static final String DUE = """
            select floor(extract(epoch from clock_timestamp()) * 1000 / ?)
                 > coalesce(floor(extract(epoch from last_run_started_at) * 1000 / ?), -1)
              from checker_scope where scope = ?""";

    private static final String ADVANCE = """
            update checker_scope set last_run_started_at = ?
             where scope = ? and (last_run_started_at is null or last_run_started_at < ?)""";

    private CheckerCadence() {
    }

    static boolean isDue(Connection connection, CheckerScope scope, Duration interval) throws SQLException {
        long millis = Math.max(1, interval.toMillis());
        try (PreparedStatement due = connection.prepareStatement(DUE)) {
            due.setLong(1, millis);
            due.setLong(2, millis);
            due.setString(3, scope.label());
            try (ResultSet rs = due.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The start of the slot {@code at} falls in: the same epoch-aligned cut as {@link #isDue}. */
    static OffsetDateTime slotStart(OffsetDateTime at, Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        long epochMillis = at.toInstant().toEpochMilli();
        return OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(Math.floorDiv(epochMillis, millis) * millis),
                at.getOffset());
    }

    /** Records that a run started at {@code startedAt} counts for its slot; never moves backwards. */
    static void advance(Connection connection, CheckerScope scope, OffsetDateTime startedAt) throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
            advance.setObject(1, startedAt);
            advance.setString(2, scope.label());
            advance.setObject(3, startedAt);
            advance.executeUpdate();
        }
    }
}
