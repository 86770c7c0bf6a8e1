package dev.casguard.providers;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
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

    // IPv6 forms that lead to an IPv4 address (v4-mapped, v4-compatible, NAT64 64:ff9b::/96, 6to4
    // 2002::/16): a host resolving to 64:ff9b::a00:1 reaches 10.0.0.1 through a NAT64 gateway.
    private static final byte[] V4_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    private static final byte[] V4_COMPATIBLE = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] SIX_TO_FOUR = {0x20, 0x02};
    /** 64:ff9b:1::/48 (RFC 8215) is NAT64 for local use: whatever it embeds, it is not public. */
    private static final byte[] NAT64_LOCAL_USE = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 1};

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
            throw new OutboundFailure(OutboundFailure.Kind.UNREACHABLE, "host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new OutboundFailure(OutboundFailure.Kind.UNREACHABLE, "host " + host + " does not resolve");
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

    static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            boolean thisNetwork = first == 0;
            boolean carrierGradeNat = first == 100 && second >= 64 && second <= 127;
            boolean benchmarking = first == 198 && (second == 18 || second == 19);
            boolean reserved = first >= 240;
            return !(thisNetwork || carrierGradeNat || benchmarking || reserved);
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            if (uniqueLocal || startsWith(b, NAT64_LOCAL_USE)) {
                return false;
            }
            Optional<byte[]> ipv4 = embeddedIpv4(b);
            if (ipv4.isPresent()) {
                try {
                    return isPublic(InetAddress.getByAddress(ipv4.get()));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        if (startsWith(b, V4_MAPPED) || startsWith(b, V4_COMPATIBLE) || startsWith(b, NAT64)) {
            return Optional.of(Arrays.copyOfRange(b, 12, 16));
        }
        if (startsWith(b, SIX_TO_FOUR)) {
            return Optional.of(Arrays.copyOfRange(b, 2, 6));
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] address, byte[] prefix) {
        return Arrays.equals(address, 0, prefix.length, prefix, 0, prefix.length);
    }

    static String hostPort(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
