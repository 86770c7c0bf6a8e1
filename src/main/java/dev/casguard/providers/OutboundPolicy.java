package dev.casguard.providers;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where providers may connect. A customer-supplied location must not turn casguard into a probe of
 * its own network: a host that resolves to a loopback, private, link-local or otherwise
 * non-public address is refused, and so is plain HTTP, unless the operator allow-listed that
 * {@code host:port} for the organization in {@code casguard.providers.allowed-private-hosts}
 * ({@link AllowList}).
 */
@ApplicationScoped
public class OutboundPolicy {

    @Inject
    @ConfigProperty(name = "casguard.providers.allowed-private-hosts")
    Optional<String> allowedPrivateHosts;

    private volatile AllowList allowList;

    /** Parses the allow-list once; a malformed one fails the deployment with a message naming it. */
    @PostConstruct
    void readAllowList() {
        allowList = AllowList.parse(allowedPrivateHosts.orElse(""));
    }

    private AllowList allowList() {
        AllowList parsed = allowList;
        if (parsed == null) { // constructed outside the container (unit tests)
            readAllowList();
            parsed = allowList;
        }
        return parsed;
    }

    /** Whether {@code host:port} is on the operator's allow-list for this organization (and so may use plain HTTP). */
    public boolean allowListed(String organization, String host, int port) {
        return allowList().admits(organization, host, port);
    }

    /**
     * Vets one destination for one organization before any connection, resolving its name once:
     * the addresses returned are the only ones that may be connected to for it. An allow-listed
     * {@code host:port} may resolve to anything and be spoken to over plain HTTP; everything else
     * must be HTTPS to public addresses only.
     */
    InetAddress[] vet(String organization, String scheme, String host, int port, NameLookup lookup)
            throws OutboundFailure {
        boolean allowListed = allowListed(organization, host, port);
        if (!allowListed && !"https".equalsIgnoreCase(scheme)) {
            throw OutboundFailure.refused("plain HTTP to " + hostPort(host, port) + " is refused; use HTTPS or ask "
                    + "the operator to allow-list it");
        }
        InetAddress[] addresses;
        try {
            addresses = lookup.lookup(unbracketed(host));
        } catch (UnknownHostException e) {
            throw new OutboundFailure(FailureKind.UNREACHABLE, "host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new OutboundFailure(FailureKind.UNREACHABLE, "host " + host + " does not resolve");
        }
        if (!allowListed) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw OutboundFailure.refused(hostPort(host, port) + " resolves to a non-public address; refused "
                            + "unless the operator allow-lists it for this organization");
                }
            }
        }
        return addresses;
    }

    /** Vets without keeping the addresses: for input checks that must not wait for a connection. */
    public Optional<String> refusal(String organization, String scheme, String host, int port) {
        try {
            vet(organization, scheme, host, port, NameLookup.SYSTEM);
            return Optional.empty();
        } catch (OutboundFailure e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Vets {@code url}'s scheme, host and port, as {@link #refusal(String, String, String, int)}. */
    public Optional<String> refusal(String organization, URI url) {
        return refusal(organization, url.getScheme(), url.getHost(), portOf(url));
    }

    /** The port a request to {@code uri} goes to: its own, else its scheme's. */
    public static int portOf(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    }

    static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static boolean isPublic(InetAddress address) {
        return AddressScope.isPublic(address);
    }

    static String hostPort(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
