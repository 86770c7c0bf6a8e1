package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Only address literals here: InetAddress.getByName does not consult DNS for them. */
class AddressScopeTest {

    /**
     * Each range at its first and last address (not public), and the addresses just outside it
     * (public). An outside neighbour is left empty where it is the edge of another range, which that
     * range's own row covers, or where there is none. The ranges judged by an embedded IPv4 address
     * (v4-compatible, v4-mapped, NAT64, 6to4) have 0.0.0.0 and 255.255.255.255 at their edges.
     * Outside neighbours in space that IANA has not assigned yet (::1:0:0, fe00::) are public: the
     * table is a denylist of the special-purpose registries.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // IPv4
        "this network 0/8,          0.0.0.0,         0.255.255.255,   ,                 1.0.0.0",
        "private 10/8,              10.0.0.0,        10.255.255.255,  9.255.255.255,    11.0.0.0",
        "shared 100.64/10,          100.64.0.0,      100.127.255.255, 100.63.255.255,   100.128.0.0",
        "loopback 127/8,            127.0.0.0,       127.255.255.255, 126.255.255.255,  128.0.0.0",
        "link-local 169.254/16,     169.254.0.0,     169.254.255.255, 169.253.255.255,  169.255.0.0",
        "private 172.16/12,         172.16.0.0,      172.31.255.255,  172.15.255.255,   172.32.0.0",
        "IETF protocol 192.0.0/24,  192.0.0.0,       192.0.0.255,     191.255.255.255,  192.0.1.0",
        "TEST-NET-1 192.0.2/24,     192.0.2.0,       192.0.2.255,     192.0.1.255,      192.0.3.0",
        "6to4 relay 192.88.99/24,   192.88.99.0,     192.88.99.255,   192.88.98.255,    192.88.100.0",
        "private 192.168/16,        192.168.0.0,     192.168.255.255, 192.167.255.255,  192.169.0.0",
        "benchmarking 198.18/15,    198.18.0.0,      198.19.255.255,  198.17.255.255,   198.20.0.0",
        "TEST-NET-2 198.51.100/24,  198.51.100.0,    198.51.100.255,  198.51.99.255,    198.51.101.0",
        "TEST-NET-3 203.0.113/24,   203.0.113.0,     203.0.113.255,   203.0.112.255,    203.0.114.0",
        "multicast 224/4,           224.0.0.0,       239.255.255.255, 223.255.255.255,  ",
        "reserved 240/4,            240.0.0.0,       255.255.255.255, ,                 ",
        "broadcast 255.255.255.255, 255.255.255.255, 255.255.255.255, ,                 ",
        // IPv6
        "unspecified ::/128,        ::,              ::,              ,                 ",
        "loopback ::1/128,          ::1,             ::1,             ,                 ",
        "v4-compatible ::/96,       ::0.0.0.0,       ::255.255.255.255, ,               ::1:0:0",
        "v4-mapped ::ffff:0:0/96,   ::ffff:0.0.0.0,  ::ffff:255.255.255.255, ::fffe:ffff:ffff, ::1:0:0:0",
        "translated ::ffff:0:0:0/96, ::ffff:0:0:0,   ::ffff:0:ffff:ffff, ::fffe:ffff:ffff:ffff, ::ffff:1:0:0",
        "NAT64 64:ff9b::/96,        64:ff9b::,       64:ff9b::ffff:ffff, 64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff, 64:ff9b::1:0:0",
        "NAT64 local 64:ff9b:1::/48, 64:ff9b:1::,    64:ff9b:1:ffff:ffff:ffff:ffff:ffff, 64:ff9b:0:ffff:ffff:ffff:ffff:ffff, 64:ff9b:2::",
        "discard-only 100::/64,     100::,           100::ffff:ffff:ffff:ffff, ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 100:0:0:1::",
        "Teredo 2001::/32,          2001::,          2001:0:ffff:ffff:ffff:ffff:ffff:ffff, 2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 2001:1::",
        "benchmarking 2001:2::/48,  2001:2::,        2001:2:0:ffff:ffff:ffff:ffff:ffff, 2001:1:ffff:ffff:ffff:ffff:ffff:ffff, 2001:2:1::",
        "ORCHID 2001:10::/28,       2001:10::,       2001:1f:ffff:ffff:ffff:ffff:ffff:ffff, 2001:f:ffff:ffff:ffff:ffff:ffff:ffff, ",
        "ORCHIDv2 2001:20::/28,     2001:20::,       2001:2f:ffff:ffff:ffff:ffff:ffff:ffff, , 2001:30::",
        "documentation 2001:db8::/32, 2001:db8::,    2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, 2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, 2001:db9::",
        "6to4 2002::/16,            2002::,          2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 2003::",
        "documentation 3fff::/20,   3fff::,          3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff, 3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 3fff:1000::",
        "SRv6 SIDs 5f00::/16,       5f00::,          5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 5eff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 5f01::",
        "unique local fc00::/7,     fc00::,          fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, fe00::",
        "link-local fe80::/10,      fe80::,          febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ",
        "site-local fec0::/10,      fec0::,          feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, , ",
        "multicast ff00::/8,        ff00::,          ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, , ",
    })
    void rangeEdges(String range, String first, String last, String justBefore, String justAfter)
            throws UnknownHostException {
        assertFalse(AddressScope.isPublic(InetAddress.getByName(first)), range + ": first " + first);
        assertFalse(AddressScope.isPublic(InetAddress.getByName(last)), range + ": last " + last);
        if (justBefore != null) {
            assertEquals(outsideIsPublic(justBefore), AddressScope.isPublic(InetAddress.getByName(justBefore)),
                    range + ": before " + justBefore);
        }
        if (justAfter != null) {
            assertEquals(outsideIsPublic(justAfter), AddressScope.isPublic(InetAddress.getByName(justAfter)),
                    range + ": after " + justAfter);
        }
    }

    /** Next to a range, IPv4 is public; IPv6 only inside global unicast, 2000::/3. */
    private static boolean outsideIsPublic(String literal) throws UnknownHostException {
        byte[] b = InetAddress.getByName(literal).getAddress();
        return b.length == 4 || (b[0] & 0xe0) == 0x20;
    }

    /**
     * Every IPv6 form of an IPv4 address, built from bytes: v4-mapped (as an Inet6Address, which Java
     * only makes on request), v4-compatible, NAT64 and 6to4 follow the IPv4 address; IPv4-translated
     * and local-use NAT64 are never public.
     */
    @ParameterizedTest(name = "{0} public={1}")
    @CsvSource({
        "10.0.0.1, false", "192.168.1.1, false", "127.0.0.1, false", "169.254.169.254, false",
        "100.64.0.1, false", "8.8.8.8, true", "1.1.1.1, true"})
    void ipv6FormsFollowTheEmbeddedIpv4(String ipv4, boolean isPublic) throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        assertEquals(isPublic, AddressScope.isPublic(InetAddress.getByName(ipv4)), ipv4);
        assertEquals(isPublic, AddressScope.isPublic(ipv6(v4, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff)),
                "v4-mapped Inet6Address of " + ipv4);
        assertEquals(isPublic, AddressScope.isPublic(InetAddress.getByName("::ffff:" + ipv4)), "::ffff:" + ipv4);
        assertEquals(isPublic, AddressScope.isPublic(ipv6(v4, 12)), "v4-compatible " + ipv4);
        assertEquals(isPublic, AddressScope.isPublic(InetAddress.getByName("::" + ipv4)), "::" + ipv4);
        assertEquals(isPublic, AddressScope.isPublic(InetAddress.getByName("64:ff9b::" + ipv4)), "NAT64 " + ipv4);
        assertEquals(isPublic, AddressScope.isPublic(ipv6(v4, 2, 0x20, 0x02)), "6to4 " + ipv4);
        assertFalse(AddressScope.isPublic(InetAddress.getByName("::ffff:0:" + ipv4)), "translated " + ipv4);
        assertFalse(AddressScope.isPublic(InetAddress.getByName("64:ff9b:1::" + ipv4)), "NAT64 local " + ipv4);
    }

    /** Java turns 16 bytes of a v4-mapped address into an Inet4Address unless asked for an Inet6Address. */
    @Test
    void bothJavaFormsOfAV4MappedAddress() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        InetAddress plain = InetAddress.getByAddress(mapped);
        InetAddress kept = Inet6Address.getByAddress(null, mapped, -1);
        assertInstanceOf(Inet4Address.class, plain);
        assertInstanceOf(Inet6Address.class, kept);
        assertFalse(AddressScope.isPublic(plain));
        assertFalse(AddressScope.isPublic(kept));
        mapped[12] = 8;
        mapped[13] = 8;
        mapped[14] = 8;
        mapped[15] = 8;
        assertTrue(AddressScope.isPublic(InetAddress.getByAddress(mapped)));
        assertTrue(AddressScope.isPublic(Inet6Address.getByAddress(null, mapped, -1)));
    }

    /** Reserved IPv6 space outside every listed range and outside 2000::/3 is not public either. */
    @ParameterizedTest
    @ValueSource(strings = {"::1:0:0", "::2:0:0:1", "400::1", "1fff:ffff::1", "4000::1", "e000::1", "fe00::1"})
    void reservedIpv6OutsideGlobalUnicast(String literal) throws UnknownHostException {
        assertFalse(AddressScope.isPublic(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "9.9.9.9", "2606:4700:4700::1111", "2001:4860:4860::8888",
        "2620:fe::fe", "2a00:1450:4001:80b::200e"})
    void plainlyPublicAddresses(String literal) throws UnknownHostException {
        assertTrue(AddressScope.isPublic(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "127.0.0.1", "127.1.2.3",
        "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "198.18.0.1", "240.0.0.1",
        "255.255.255.255", "224.0.0.1", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "ff02::1"})
    void nonPublicAddresses(String literal) throws UnknownHostException {
        assertFalse(AddressScope.isPublic(InetAddress.getByName(literal)), literal);
    }

    /** IPv6 addresses that a connection follows to an IPv4 one: v4-compatible, NAT64, 6to4. */
    @ParameterizedTest
    @ValueSource(strings = {"::10.0.0.1", "::127.0.0.1", "64:ff9b::10.0.0.1", "64:ff9b::a9fe:a9fe",
        "2002:a00:1::1", "2002:7f00:1::", "64:ff9b:1::808:808"})
    void ipv6FormsOfNonPublicIpv4Addresses(String literal) throws UnknownHostException {
        assertFalse(AddressScope.isPublic(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1",
        "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1"})
    void publicAddresses(String literal) throws UnknownHostException {
        assertTrue(AddressScope.isPublic(InetAddress.getByName(literal)), literal);
    }

    /** An Inet6Address with {@code prefix} in its first bytes and {@code ipv4} at byte {@code at}. */
    private static InetAddress ipv6(byte[] ipv4, int at, int... prefix) throws UnknownHostException {
        byte[] b = new byte[16];
        for (int i = 0; i < prefix.length; i++) {
            b[i] = (byte) prefix[i];
        }
        System.arraycopy(ipv4, 0, b, at, 4);
        return Inet6Address.getByAddress(null, b, -1);
    }
}
