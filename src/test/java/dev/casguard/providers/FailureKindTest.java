package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void theContractsNamesAndWhichAreTransient() {
        assertEquals(Set.of("denied", "not-found", "refused-by-policy", "invalid-configuration", "tls"),
                Arrays.stream(FailureKind.values()).filter(k -> !k.isTransient()).map(FailureKind::wireName)
                        .collect(Collectors.toSet()));
        assertEquals(Set.of("unreachable", "timeout", "throttled", "provider-error"),
                Arrays.stream(FailureKind.values()).filter(FailureKind::isTransient).map(FailureKind::wireName)
                        .collect(Collectors.toSet()));
        assertEquals(Optional.of(FailureKind.NOT_FOUND), FailureKind.ofWireName("not-found"));
        assertEquals(Optional.empty(), FailureKind.ofWireName(null));
    }

    @Test
    void statuses() {
        assertEquals(FailureKind.THROTTLED, FailureKind.ofStatus(429, false));
        assertEquals(FailureKind.THROTTLED, FailureKind.ofStatus(503, true));
        assertEquals(FailureKind.PROVIDER_ERROR, FailureKind.ofStatus(503, false));
        assertEquals(FailureKind.PROVIDER_ERROR, FailureKind.ofStatus(500, true));
        assertEquals(FailureKind.DENIED, FailureKind.ofStatus(401, false));
        assertEquals(FailureKind.DENIED, FailureKind.ofStatus(403, false));
        assertEquals(FailureKind.NOT_FOUND, FailureKind.ofStatus(404, false));
        assertEquals(FailureKind.INVALID_CONFIGURATION, FailureKind.ofStatus(400, false));
        assertEquals(FailureKind.INVALID_CONFIGURATION, FailureKind.ofStatus(302, false));
    }

    @Test
    void retryAfterInSecondsOrAsADateCappedAndNeverNegative() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), RetryAfter.parse("1"));
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 "));
        assertEquals(Optional.of(RetryAfter.LONGEST), RetryAfter.parse("999999999"));
        assertEquals(Optional.empty(), RetryAfter.parse("-1"));
        assertEquals(Optional.empty(), RetryAfter.parse("soon"));
        assertEquals(Optional.empty(), RetryAfter.parse("1.5"));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(past));
        String soon = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        Duration wait = RetryAfter.parse(soon).orElseThrow();
        assertTrue(wait.compareTo(Duration.ofSeconds(25)) > 0 && wait.compareTo(Duration.ofSeconds(31)) < 0, wait.toString());
        assertFalse(RetryAfter.parse("Mon, 99 Foo 2026 00:00:00 GMT").isPresent());
    }
}
