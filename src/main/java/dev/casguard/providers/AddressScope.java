package dev.casguard.providers;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Whether an address is globally reachable unicast, from the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries (plus the deprecated ranges that still turn up: site-local, ORCHID, the 6to4
 * relay anycast). A denylist: an address in none of the ranges below counts as public.
 *
 * <p>IPv6 forms that lead to an IPv4 address (v4-mapped, v4-compatible, NAT64 64:ff9b::/96, 6to4
 * 2002::/16) are judged by the IPv4 address they embed: a host resolving to 64:ff9b::a00:1 reaches
 * 10.0.0.1 through a NAT64 gateway. Java hands a v4-mapped address over as an {@code Inet4Address}
 * when it parses or builds one from 16 bytes, but an {@code Inet6Address} can still hold one (through
 * {@code Inet6Address.getByAddress(String, byte[], int)}); both are judged the same.
 *
 * <p>A few registry entries inside a refused range are globally reachable anycast addresses (PCP
 * and TURN anycast 192.0.0.9 and 192.0.0.10, 2001:1::1 to 2001:1::3) or identifiers (ORCHIDv2);
 * none is a place a provider lives, so the whole range is refused.
 */
final class AddressScope {

    private AddressScope() {
    }

    /** {@link Range#embeddedAt} of a range that is not public whatever it holds. */
    private static final int NOT_PUBLIC = -1;

    private static final List<Range> IPV4 = List.of(
            v4("0.0.0.0/8"),            // "this network", RFC 791
            v4("10.0.0.0/8"),           // private use, RFC 1918
            v4("100.64.0.0/10"),        // shared address space (carrier-grade NAT), RFC 6598
            v4("127.0.0.0/8"),          // loopback, RFC 1122
            v4("169.254.0.0/16"),       // link-local (cloud metadata lives here), RFC 3927
            v4("172.16.0.0/12"),        // private use, RFC 1918
            v4("192.0.0.0/24"),         // IETF protocol assignments, RFC 6890
            v4("192.0.2.0/24"),         // documentation (TEST-NET-1), RFC 5737
            v4("192.88.99.0/24"),       // 6to4 relay anycast, RFC 3068 (deprecated by RFC 7526)
            v4("192.168.0.0/16"),       // private use, RFC 1918
            v4("198.18.0.0/15"),        // benchmarking, RFC 2544
            v4("198.51.100.0/24"),      // documentation (TEST-NET-2), RFC 5737
            v4("203.0.113.0/24"),       // documentation (TEST-NET-3), RFC 5737
            v4("224.0.0.0/4"),          // multicast, RFC 5771
            v4("240.0.0.0/4"),          // reserved, RFC 1112
            v4("255.255.255.255/32"));  // limited broadcast, RFC 919 (also inside 240/4)

    private static final List<Range> IPV6 = List.of(
            v6("::/128"),               // unspecified, RFC 4291
            v6("::1/128"),              // loopback, RFC 4291
            v6("::ffff:0:0/96", 12),    // IPv4-mapped, RFC 4291: judged by the embedded IPv4
            v6("::/96", 12),            // IPv4-compatible, RFC 4291 (deprecated): judged by the embedded IPv4
            v6("::ffff:0:0:0/96"),      // IPv4-translated, RFC 2765 (SIIT)
            v6("64:ff9b::/96", 12),     // NAT64 well-known prefix, RFC 6052: judged by the embedded IPv4
            v6("64:ff9b:1::/48"),       // NAT64 local use, RFC 8215
            v6("100::/64"),             // discard-only, RFC 6666
            v6("2001::/32"),            // Teredo, RFC 4380
            v6("2001:2::/48"),          // benchmarking, RFC 5180
            v6("2001:10::/28"),         // ORCHID, RFC 4843 (deprecated)
            v6("2001:20::/28"),         // ORCHIDv2, RFC 7343: identifiers, not locators
            v6("2001:db8::/32"),        // documentation, RFC 3849
            v6("2002::/16", 2),         // 6to4, RFC 3056: judged by the IPv4 in bytes 2..5
            v6("3fff::/20"),            // documentation, RFC 9637
            v6("5f00::/16"),            // SRv6 SIDs, RFC 9602: not globally routable
            v6("fc00::/7"),             // unique local, RFC 4193
            v6("fe80::/10"),            // link-local, RFC 4291
            v6("fec0::/10"),            // site-local, RFC 3879 (deprecated)
            v6("ff00::/8"));            // multicast, RFC 4291

    private static final Range GLOBAL_UNICAST = v6("2000::/3");

    private static boolean embedsIpv4(byte[] address) {
        return IPV6.stream().anyMatch(range -> range.embeddedAt() != NOT_PUBLIC && range.contains(address));
    }

    /** True only for globally reachable unicast addresses. */
    static boolean isPublic(InetAddress address) {
        byte[] b = address.getAddress();
        return switch (b.length) {
            case 4 -> judge(IPV4, b);
            // outside the ranges above, only global unicast (2000::/3, RFC 4291) is allocated for the
            // Internet; the rest of the space is reserved: not public
            case 16 -> judge(IPV6, b) && (GLOBAL_UNICAST.contains(b) || embedsIpv4(b));
            default -> false;
        };
    }

    private static boolean judge(List<Range> ranges, byte[] address) {
        for (Range range : ranges) {
            if (range.contains(address)) {
                return range.embeddedAt() != NOT_PUBLIC
                        && judge(IPV4, Arrays.copyOfRange(address, range.embeddedAt(), range.embeddedAt() + 4));
            }
        }
        return true;
    }

    /**
     * A prefix of {@code bits} bits; an address in it is not public, or judged by the IPv4 address at
     * byte {@code embeddedAt}.
     */
    private record Range(byte[] prefix, int bits, int embeddedAt) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private static Range v4(String cidr) {
        String[] parts = cidr.split("/");
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException(cidr);
        }
        byte[] prefix = new byte[4];
        for (int i = 0; i < 4; i++) {
            prefix[i] = (byte) checked(Integer.parseInt(octets[i]), 0xff, cidr);
        }
        return new Range(prefix, checked(Integer.parseInt(parts[1]), 32, cidr), NOT_PUBLIC);
    }

    private static Range v6(String cidr) {
        return v6(cidr, NOT_PUBLIC);
    }

    /** Parses the literal forms used above: hex groups, at most one {@code ::}, no dotted quad. */
    private static Range v6(String cidr, int embeddedAt) {
        String[] parts = cidr.split("/");
        String[] halves = parts[0].split("::", -1);
        int[] head = groups(halves[0], cidr);
        int[] tail = halves.length == 2 ? groups(halves[1], cidr) : new int[0];
        boolean fits = halves.length == 1 ? head.length == 8
                : halves.length == 2 && head.length + tail.length <= 7;
        if (!fits) {
            throw new IllegalArgumentException(cidr);
        }
        byte[] prefix = new byte[16];
        for (int i = 0; i < head.length; i++) {
            prefix[2 * i] = (byte) (head[i] >> 8);
            prefix[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int at = 8 - tail.length + i;
            prefix[2 * at] = (byte) (tail[i] >> 8);
            prefix[2 * at + 1] = (byte) tail[i];
        }
        return new Range(prefix, checked(Integer.parseInt(parts[1]), 128, cidr), embeddedAt);
    }

    private static int[] groups(String text, String cidr) {
        if (text.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(text.split(":", -1))
                .mapToInt(group -> checked(Integer.parseInt(group, 16), 0xffff, cidr)).toArray();
    }

    private static int checked(int value, int max, String cidr) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(cidr);
        }
        return value;
    }
}
