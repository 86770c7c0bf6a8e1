package dev.casguard.platform;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads ISO-8601 durations ({@code PT30M}) from MicroProfile Config, naming the bad value on failure. */
public class IsoDurationConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Duration duration = Duration.parse(value.trim());
            if (duration.isNegative()) {
                throw new IllegalArgumentException("negative duration '" + value + "'");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 duration such as PT30M", e);
        }
    }
}
