package dev.casguard.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Decides, from the raw request line alone, whether the web container would choke on a request
 * before any filter or JAX-RS code sees it: Payara's Catalina adapter answers an empty 200 to a
 * malformed percent-escape ({@code %zz}, a trailing {@code %}) and a bare 400 "Invalid URI" to a
 * path that decodes to invalid UTF-8, a NUL, a backslash or a step above the root, and a bare 405
 * to TRACE; Payara's own endpoints outside /api answer methods they lack with an HTML 501.
 * {@link RequestTargetGuard} sends such requests to {@link RefusedRequestFilter} instead, which
 * answers them as problem+json.
 */
public final class RequestTargetCheck {

    /** Where a refused request is re-addressed, under the WAR's context path; {@link RefusedRequestFilter} answers it. */
    public static final String REFUSED_TARGET = "/api/refused-request/target";
    public static final String REFUSED_METHOD = "/api/refused-request/method";
    public static final String REFUSED_SERVER_METHOD = "/api/refused-request/server-method";

    /** Payara's own endpoints, outside the WAR, and what they take; other methods get an HTML 501 there. */
    private static final java.util.List<String> SERVER_ENDPOINTS = java.util.List.of("/health", "/metrics", "/openapi");
    private static final java.util.Set<String> SERVER_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");

    private RequestTargetCheck() {
    }

    /**
     * The path (relative to the WAR's context path) to re-address the request to, or empty when the
     * container can take it as it is.
     */
    public static Optional<String> refusal(String method, String rawPath) {
        if ("TRACE".equals(method)) {
            return Optional.of(REFUSED_METHOD);
        }
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty(); // "*" or absolute-form: the container has its own answers for those
        }
        for (String endpoint : SERVER_ENDPOINTS) {
            boolean under = rawPath.equals(endpoint) || rawPath.startsWith(endpoint + "/") || rawPath.startsWith(endpoint + ";");
            if (under && !SERVER_METHODS.contains(method)) {
                return Optional.of(REFUSED_SERVER_METHOD);
            }
        }
        byte[] decoded = percentDecode(rawPath);
        if (decoded == null || !validUtf8(decoded)) {
            return Optional.of(REFUSED_TARGET);
        }
        for (byte b : decoded) {
            if (b == 0 || b == '\\') {
                return Optional.of(REFUSED_TARGET);
            }
        }
        int semicolon = indexOf(decoded, (byte) ';');
        String path = new String(decoded, 0, semicolon < 0 ? decoded.length : semicolon, StandardCharsets.UTF_8);
        return abovetheRoot(path) ? Optional.of(REFUSED_TARGET) : Optional.empty();
    }

    /** The bytes a percent-encoded path stands for (each char taken as one byte), or null if an escape is malformed. */
    static byte[] percentDecode(String raw) {
        byte[] out = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0 || raw.charAt(i + 1) > 0x7f || raw.charAt(i + 2) > 0x7f) {
                    return null;
                }
                out[n++] = (byte) (high * 16 + low);
                i += 2;
            } else if (c <= 0xff) {
                out[n++] = (byte) c;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, out, n, utf8.length);
                n += utf8.length;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Strict UTF-8: no overlong forms, no surrogates, nothing truncated. */
    static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean abovetheRoot(String path) {
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("..")) {
                if (segments.isEmpty()) {
                    return true;
                }
                segments.pop();
            } else if (!parts[i].isEmpty() && !parts[i].equals(".")) {
                segments.push(parts[i]);
            }
        }
        return false;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
