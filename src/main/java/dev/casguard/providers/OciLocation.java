package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An OCI backend's location, {@code host[:port]/repository/path}. */
record OciLocation(String host, Integer port, String repository) {

    private static final Pattern SHAPE = Pattern.compile(
            "^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(:([0-9]{1,5}))?"
            + "/([a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*)$");

    static OciLocation parse(String location) {
        if (location == null || location.contains("://")) {
            throw Refusal.invalid("an OCI location is host[:port]/repository/path, without a scheme");
        }
        Matcher m = SHAPE.matcher(location);
        if (location.length() > 255 || !m.matches()) {
            throw Refusal.invalid("an OCI location is host[:port]/repository/path, with a lower-case "
                    + "repository path (e.g. registry.example.com/team/attestations)");
        }
        Integer port = null;
        if (m.group(6) != null) {
            port = Integer.parseInt(m.group(6));
            if (port < 1 || port > 65535) {
                throw Refusal.invalid("the OCI location's port must be between 1 and 65535");
            }
        }
        return new OciLocation(m.group(1).toLowerCase(Locale.ROOT), port, m.group(7));
    }

    int port(String scheme) {
        return port != null ? port : ("https".equals(scheme) ? 443 : 80);
    }

    String normalized() {
        return host + (port == null ? "" : ":" + port) + "/" + repository;
    }
}
