package dev.casguard.providers;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A provider's Retry-After (RFC 9110: delay-seconds or an HTTP date), as a wait from now. A value
 * that is neither is ignored, and no wait is longer than {@link #LONGEST}: it only has to tell
 * whether another try fits in the validation timeout.
 */
final class RetryAfter {

    static final Duration LONGEST = Duration.ofHours(1);

    private RetryAfter() {
    }

    static Optional<Duration> of(OutboundAnswer answer) {
        return answer.header("Retry-After").flatMap(RetryAfter::parse);
    }

    static Optional<Duration> parse(String value) {
        String text = value.trim();
        if (text.matches("[0-9]{1,9}")) {
            return Optional.of(min(Duration.ofSeconds(Long.parseLong(text))));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : min(until));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
