package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Only address literals here: InetAddress.getByName does not consult DNS for them. */
class OutboundPolicyTest {

    @Test
    void allowListedHostPortsPassEvenOverPlainHttp() {
        OutboundPolicy policy = policy("127.0.0.1:5000, Registry.Internal:8443");
        assertEquals(Optional.empty(), policy.refusal("http", "127.0.0.1", 5000));
        assertEquals(Optional.empty(), policy.refusal("https", "registry.internal", 8443));
        assertTrue(policy.allowListed("REGISTRY.internal", 8443));
        assertFalse(policy.allowListed("127.0.0.1", 5001), "the port is part of the entry");
    }

    @Test
    void privateLiteralsAndPlainHttpAreRefusedWithAReason() {
        OutboundPolicy policy = policy("127.0.0.1:5000");
        assertTrue(policy.refusal("https", "127.0.0.1", 5999).orElseThrow().contains("refused"));
        assertTrue(policy.refusal("https", "10.1.2.3", 5000).orElseThrow().contains("refused"));
        assertTrue(policy.refusal("http", "8.8.8.8", 80).orElseThrow().contains("plain HTTP"));
        assertEquals(Optional.empty(), policy.refusal("https", "8.8.8.8", 443));
    }

    @Test
    void noAllowListAllowsNothingPrivate() {
        OutboundPolicy policy = policy(null);
        assertTrue(policy.refusal("https", "127.0.0.1", 443).isPresent());
        assertFalse(policy.allowListed("127.0.0.1", 443));
    }

    private static OutboundPolicy policy(String allowList) {
        OutboundPolicy policy = new OutboundPolicy();
        policy.allowedPrivateHosts = Optional.ofNullable(allowList);
        return policy;
    }
}
