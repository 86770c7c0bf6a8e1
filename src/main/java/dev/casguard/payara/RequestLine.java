package dev.casguard.payara;

/** The method and raw target (path, not decoded, without the query) of an HTTP request line. */
public record RequestLine(String method, String target) {
}
