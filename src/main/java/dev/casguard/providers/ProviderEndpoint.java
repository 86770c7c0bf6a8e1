package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A service URL a backend's credentials name ({@code endpoint}) or the operator configures: plain
 * {@code http(s)://host[:port][/path]}, no user info, query or fragment, so that what the outbound
 * policy vets is exactly where the request goes.
 */
record ProviderEndpoint(URI uri) {

    /** Parses a customer-given endpoint; a bad one is a VALIDATION_FAILED problem naming the field. */
    static ProviderEndpoint parse(String field, String value) {
        String problem = "'" + field + "' must be an http(s)://host[:port][/path] URL";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw Refusal.invalid(problem);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw Refusal.invalid(problem);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        try {
            return new ProviderEndpoint(new URI(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path));
        } catch (URISyntaxException e) {
            throw Refusal.invalid(problem);
        }
    }

    String scheme() {
        return uri.getScheme();
    }

    String host() {
        return uri.getHost();
    }

    int port() {
        return OutboundPolicy.portOf(uri);
    }

    /** This endpoint with more path appended; {@code segments} must already be URL-safe. */
    URI resolve(String segments) {
        String base = uri.toString();
        return URI.create(base + (base.endsWith("/") ? "" : "/") + segments);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
