package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.FakeEntraAndBlobService;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-credentials login against a local token endpoint, and the outbound policy in front of it. */
class EntraLoginTest {

    private static final String TENANT = "contoso.onmicrosoft.com";
    private FakeEntraAndBlobService entra;

    @BeforeEach
    void start() throws Exception {
        entra = new FakeEntraAndBlobService(0, TENANT, "client-1", "right-secret", "the-token");
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    /** A login whose exchange has the allow-list given; the exchange is closed after the call. */
    private record Login(String authorityHost, String allowList) {
        String accessToken(String tenant, String client, String secret) throws EntraLogin.Refused {
            EntraLogin login = new EntraLogin();
            login.authorityHost = authorityHost;
            try (OutboundExchange exchange = Exchanges.open(allowList, Duration.ofSeconds(5))) {
                return login.accessToken(tenant, client, secret, exchange);
            }
        }
    }

    private static Login login(String authorityHost, String allowList) {
        return new Login(authorityHost, allowList);
    }

    private Login allowListed() {
        return login(entra.authorityHost(), entra.authorityHost().substring("http://".length()));
    }

    @Test
    void goodClientGetsItsToken() throws Exception {
        assertEquals("the-token", allowListed().accessToken(TENANT, "client-1", "right-secret"));
        assertEquals("/" + TENANT + "/oauth2/v2.0/token", entra.tokenRequests().get(0).path());
    }

    @Test
    void wrongSecretIsRefusedWithEntrasErrorCodeButNoSecret() {
        EntraLogin.Refused refused = assertThrows(EntraLogin.Refused.class,
                () -> allowListed().accessToken(TENANT, "client-1", "wrong-secret"));
        assertEquals("service principal login refused by token service at 127.0.0.1 (invalid_client AADSTS7000215)",
                refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-secret"));
    }

    @Test
    void authorityOffTheAllowListIsNeverContacted() {
        EntraLogin.Refused refused = assertThrows(EntraLogin.Refused.class,
                () -> login(entra.authorityHost(), null).accessToken(TENANT, "client-1", "right-secret"));
        assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
        assertEquals(0, entra.tokenRequests().size());
    }

    @Test
    void unreachableAuthorityIsNamed() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        EntraLogin.Refused refused = assertThrows(EntraLogin.Refused.class,
                () -> login("http://127.0.0.1:" + port, "127.0.0.1:" + port)
                        .accessToken(TENANT, "client-1", "right-secret"));
        assertEquals("token service at 127.0.0.1 is unreachable (connection refused)", refused.getMessage());
    }

    @Test
    void malformedAuthoritySettingIsAReasonNotACrash() {
        EntraLogin.Refused refused = assertThrows(EntraLogin.Refused.class,
                () -> login("login.example.com", null).accessToken(TENANT, "c", "s"));
        assertTrue(refused.getMessage().contains("casguard.providers.azure.authority-host"), refused.getMessage());
    }
}
