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
