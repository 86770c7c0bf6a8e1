package dev.casguard.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's {@code casguard.providers.allowed-private-hosts}: {@code host:port} entries that
 * may be reached although loopback or private, and over plain HTTP. An entry may name the
 * organizations it is for ({@code acme,globex@harbor.internal:443}); one without names is open to
 * every organization. Organization names are DNS labels and never hold a colon, so in the
 * comma-separated list a bare name always belongs to the next {@code name@host:port} entry.
 */
record AllowList(List<Entry> entries) {

    private static final Pattern ORGANIZATION = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    /** One {@code host:port}, for the named organizations only, or for all when none are named. */
    record Entry(String hostPort, Set<String> organizations) {
        boolean admits(String organization) {
            return organizations.isEmpty() || organizations.contains(organization);
        }
    }

    static final AllowList EMPTY = new AllowList(List.of());

    /** Parses the setting; a malformed one is refused with a message that names the bad part. */
    static AllowList parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return EMPTY;
        }
        List<Entry> entries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            int at = item.indexOf('@');
            if (at >= 0) {
                names.add(item.substring(0, at).trim());
                entries.add(new Entry(hostPort(item.substring(at + 1).trim(), raw), Set.copyOf(requireNames(names))));
                names.clear();
            } else if (item.contains(":")) {
                if (!names.isEmpty()) {
                    throw malformed("'" + String.join(",", names) + "' names organizations but no @host:port follows");
                }
                entries.add(new Entry(hostPort(item, raw), Set.of()));
            } else {
                names.add(item);
            }
        }
        if (!names.isEmpty()) {
            throw malformed("'" + String.join(",", names) + "' names organizations but no @host:port follows");
        }
        return new AllowList(List.copyOf(entries));
    }

    boolean admits(String organization, String host, int port) {
        String key = OutboundPolicy.hostPort(host, port);
        return entries.stream().anyMatch(e -> e.hostPort().equals(key) && e.admits(organization));
    }

    private static List<String> requireNames(List<String> names) {
        for (String name : names) {
            if (!ORGANIZATION.matcher(name).matches()) {
                throw malformed("'" + name + "' is not an organization name");
            }
        }
        return names;
    }

    private static String hostPort(String item, String raw) {
        int colon = item.lastIndexOf(':');
        String host = colon > 0 ? item.substring(0, colon) : "";
        String port = colon > 0 ? item.substring(colon + 1) : "";
        if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535 || host.contains("/")
                || host.contains("@")) {
            throw malformed("'" + raw.trim() + "' is not [organizations@]host:port");
        }
        return host + ":" + Integer.parseInt(port);
    }

    private static IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("casguard.providers.allowed-private-hosts: " + what);
    }
}
