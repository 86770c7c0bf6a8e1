package dev.casguard.providers;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where providers may connect. A customer-supplied location must not turn casguard into a probe of
 * its own network: a host that resolves to a loopback, private, link-local or otherwise
 * non-public address is refused, and so is plain HTTP, unless the operator allow-listed that
 * {@code host:port} in {@code casguard.providers.allowed-private-hosts}.
 */
@ApplicationScoped
public class OutboundPolicy {

    @Inject
    @ConfigProperty(name = "casguard.providers.allowed-private-hosts")
    Optional<String> allowedPrivateHosts;

    private Set<String> allowList() {
        return Arrays.stream(allowedPrivateHosts.orElse("").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    /** Whether {@code host:port} is on the operator's allow-list (and so may use plain HTTP). */
    public boolean allowListed(String host, int port) {
        return allowList().contains(hostPort(host, port));
    }

    /**
     * Vets one destination before any connection. Returns empty when it may be reached, or the
     * reason it may not.
     */
    public Optional<String> refusal(String scheme, String host, int port) {
        if (allowListed(host, port)) {
            return Optional.empty();
        }
        if (!"https".equalsIgnoreCase(scheme)) {
            return Optional.of("plain HTTP to " + hostPort(host, port) + " is refused; use HTTPS or ask the "
                    + "operator to allow-list it");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of(hostPort(host, port) + " resolves to a non-public address; refused unless "
                        + "allow-listed in casguard.providers.allowed-private-hosts");
            }
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress address) {
        return AddressScope.isPublic(address);
    }

    static String hostPort(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
