package dev.casguard.webhooks;

import dev.casguard.domain.Refusal;
import dev.casguard.providers.OutboundPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a subscription's deliveries go: {@code http(s)://host[:port][/path][?query]}, with no user
 * info or fragment, so that what the outbound policy vets is where the request goes. A query is
 * allowed (receivers often take a token there); it is the organization's own and shown back to it.
 */
record ReceiverUrl(URI uri) {

    static final int MAX_LENGTH = 2048;
    private static final String SHAPE = "'url' must be an http(s)://host[:port][/path][?query] URL of at most "
            + MAX_LENGTH + " characters";

    static ReceiverUrl parse(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            throw Refusal.invalid(SHAPE);
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw Refusal.invalid(SHAPE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw Refusal.invalid(SHAPE);
        }
        try {
            return new ReceiverUrl(new URI(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT)
                    + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
        } catch (URISyntaxException e) {
            throw Refusal.invalid(SHAPE);
        }
    }

    /** How errors name the receiver: its host and port, never the path or query (they may hold a token). */
    String described() {
        return "the receiver at " + uri.getHost() + ":" + OutboundPolicy.portOf(uri);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
