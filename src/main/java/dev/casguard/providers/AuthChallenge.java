package dev.casguard.providers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's {@code WWW-Authenticate} challenge: its scheme and parameters (realm, service, ...).
 *
 * <p>{@link #parse} reads the header in one pass, without regular expressions, after RFC 9110
 * §11.6.1: an auth-scheme token, then after whitespace a comma-separated list of auth-params
 * {@code token BWS "=" BWS ( token / quoted-string )}, with backslash escapes in quoted strings and
 * optional whitespace around the commas. An unquoted value is read up to the next comma,
 * whitespace or quote rather than as a strict token, since registries send unquoted URLs. Scheme
 * and parameter names are lower-cased; if a name occurs twice the first value is kept.
 *
 * <p>Only the first challenge is read. In {@code Bearer realm="x", Basic realm="y"} the element
 * after a comma that is a token not followed by {@code =} ({@code Basic}) starts the next challenge,
 * and parsing ends there.
 *
 * <p>Limits and malformed input:
 * <ul>
 * <li>a header longer than {@value #MAX_HEADER_LENGTH} characters, or one that does not start with a
 * scheme token (after optional whitespace and empty list elements) followed by whitespace, a comma
 * or its end, gives no challenge at all: {@code Optional.empty()};
 * <li>otherwise parsing stops at the first thing it cannot read, and the challenge keeps the
 * scheme and the parameters read before it: an unterminated quoted string, a control character in
 * one, a parameter without {@code =} or without a value (such as a token68, {@code Negotiate
 * abc==}), text after a value that is not a comma, a parameter name longer than
 * {@value #MAX_NAME_LENGTH} characters, or a parameter beyond the {@value #MAX_PARAMETERS}th.
 * </ul>
 * A caller that needs a parameter (a Bearer realm) so sees it missing rather than half-read.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    static final int MAX_HEADER_LENGTH = 8192;
    static final int MAX_PARAMETERS = 32;
    static final int MAX_NAME_LENGTH = 64;

    AuthChallenge {
        parameters = Map.copyOf(parameters);
    }

    static Optional<AuthChallenge> parse(String header) {
        if (header == null || header.length() > MAX_HEADER_LENGTH) {
            return Optional.empty();
        }
        return new Parser(header).challenge();
    }

    boolean isBearer() {
        return "bearer".equals(scheme);
    }

    boolean isBasic() {
        return "basic".equals(scheme);
    }

    /** One pass over the header; {@code at} only moves forward. */
    private static final class Parser {

        private final String text;
        private final int end;
        private int at;

        Parser(String text) {
            this.text = text;
            this.end = text.length();
        }

        Optional<AuthChallenge> challenge() {
            skipListSeparators();
            int schemeStart = at;
            skipToken();
            if (at == schemeStart || (at < end && !isWhitespace(text.charAt(at)) && text.charAt(at) != ',')) {
                return Optional.empty();
            }
            String scheme = text.substring(schemeStart, at).toLowerCase(Locale.ROOT);
            Map<String, String> parameters = new LinkedHashMap<>();
            if (at < end && isWhitespace(text.charAt(at))) {
                readParameters(parameters);
            }
            return Optional.of(new AuthChallenge(scheme, parameters));
        }

        /** Reads auth-params until the end, the next challenge, a limit or something malformed. */
        private void readParameters(Map<String, String> parameters) {
            int count = 0;
            boolean first = true;
            while (true) {
                skipWhitespace();
                if (at == end) {
                    return;
                }
                if (!first) {
                    if (text.charAt(at) != ',') {
                        return;
                    }
                    skipListSeparators();
                    if (at == end) {
                        return;
                    }
                }
                first = false;
                int nameStart = at;
                skipToken();
                int nameEnd = at;
                if (nameEnd == nameStart) {
                    return;
                }
                skipWhitespace();
                if (at == end || text.charAt(at) != '=') {
                    return; // the next challenge's scheme, or a token68
                }
                if (nameEnd - nameStart > MAX_NAME_LENGTH || count == MAX_PARAMETERS) {
                    return;
                }
                at++;
                skipWhitespace();
                String value = at < end && text.charAt(at) == '"' ? quotedString() : unquoted();
                if (value == null) {
                    return;
                }
                parameters.putIfAbsent(text.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT), value);
                count++;
            }
        }

        /** A quoted string from its opening quote, unescaped; null if unterminated or malformed. */
        private String quotedString() {
            StringBuilder value = new StringBuilder();
            at++;
            while (at < end) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (at == end) {
                        return null;
                    }
                    c = text.charAt(at++);
                }
                if (isControl(c)) {
                    return null;
                }
                value.append(c);
            }
            return null;
        }

        /**
         * An unquoted value, read more leniently than a token: up to the next comma, whitespace or
         * quote, since registries send unquoted URLs (which are not tokens). Null if there is none or
         * it starts with {@code =} (the padding of a token68).
         */
        private String unquoted() {
            int start = at;
            while (at < end && isUnquotedChar(text.charAt(at))) {
                at++;
            }
            return at == start || text.charAt(start) == '=' ? null : text.substring(start, at);
        }

        private void skipToken() {
            while (at < end && isTokenChar(text.charAt(at))) {
                at++;
            }
        }

        private void skipWhitespace() {
            while (at < end && isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        /** Commas and whitespace: list separators and the empty elements that RFC 9110 §5.6.1 allows. */
        private void skipListSeparators() {
            while (at < end && (text.charAt(at) == ',' || isWhitespace(text.charAt(at)))) {
                at++;
            }
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t';
        }

        private static boolean isControl(char c) {
            return (c < 0x20 && c != '\t') || c == 0x7f;
        }

        private static boolean isUnquotedChar(char c) {
            return c > ' ' && c != 0x7f && c != ',' && c != '"';
        }

        /** tchar of RFC 9110 §5.6.2. */
        private static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
