package dev.casguard.providers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A registry's {@code WWW-Authenticate} challenge: its scheme and parameters (realm, service, ...). */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]*)");

    static Optional<AuthChallenge> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new HashMap<>();
        if (space > 0) {
            Matcher m = PARAMETER.matcher(trimmed.substring(space + 1));
            while (m.find()) {
                String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2);
                parameters.put(m.group(1).toLowerCase(Locale.ROOT), value);
            }
        }
        return Optional.of(new AuthChallenge(scheme, parameters));
    }

    boolean isBearer() {
        return "bearer".equals(scheme);
    }

    boolean isBasic() {
        return "basic".equals(scheme);
    }
}
