package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only address literals here: InetAddress.getByName does not consult DNS for them. */
class OutboundPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "127.0.0.1", "127.1.2.3",
        "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "198.18.0.1", "240.0.0.1",
        "255.255.255.255", "224.0.0.1", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "ff02::1"})
    void nonPublicAddresses(String literal) throws UnknownHostException {
        assertFalse(OutboundPolicy.isPublic(InetAddress.getByName(literal)), literal);
    }

    /** IPv6 addresses that a connection follows to an IPv4 one: v4-compatible, NAT64, 6to4. */
    @ParameterizedTest
    @ValueSource(strings = {"::10.0.0.1", "::127.0.0.1", "64:ff9b::10.0.0.1", "64:ff9b::a9fe:a9fe",
        "2002:a00:1::1", "2002:7f00:1::", "64:ff9b:1::808:808"})
    void ipv6FormsOfNonPublicIpv4Addresses(String literal) throws UnknownHostException {
        assertFalse(OutboundPolicy.isPublic(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1",
        "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1"})
    void publicAddresses(String literal) throws UnknownHostException {
        assertTrue(OutboundPolicy.isPublic(InetAddress.getByName(literal)), literal);
    }

    @Test
    void allowListedHostPortsPassEvenOverPlainHttp() {
        OutboundPolicy policy = policy("127.0.0.1:5000, Registry.Internal:8443");
        assertEquals(Optional.empty(), policy.refusal(ORG, "http", "127.0.0.1", 5000));
        assertTrue(policy.allowListed(ORG, "REGISTRY.internal", 8443));
        assertFalse(policy.allowListed(ORG, "127.0.0.1", 5001), "the port is part of the entry");
    }

    @Test
    void privateLiteralsAndPlainHttpAreRefusedWithAReason() {
        OutboundPolicy policy = policy("127.0.0.1:5000");
        assertTrue(policy.refusal(ORG, "https", "127.0.0.1", 5999).orElseThrow().contains("refused"));
        assertTrue(policy.refusal(ORG, "https", "10.1.2.3", 5000).orElseThrow().contains("refused"));
        assertTrue(policy.refusal(ORG, "http", "8.8.8.8", 80).orElseThrow().contains("plain HTTP"));
        assertEquals(Optional.empty(), policy.refusal(ORG, "https", "8.8.8.8", 443));
    }

    @Test
    void noAllowListAllowsNothingPrivate() {
        OutboundPolicy policy = policy(null);
        assertTrue(policy.refusal(ORG, "https", "127.0.0.1", 443).isPresent());
        assertFalse(policy.allowListed(ORG, "127.0.0.1", 443));
    }

    private static final String ORG = Exchanges.ORG;

    private static OutboundPolicy policy(String allowList) {
        return Exchanges.policy(allowList);
    }
}
