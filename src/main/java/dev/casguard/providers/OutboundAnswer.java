package dev.casguard.providers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's answer as far as a check read it: the status, the headers (names in lower case),
 * and at most the body cap the request asked for.
 */
record OutboundAnswer(int status, Map<String, List<String>> headers, byte[] body) {

    Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
