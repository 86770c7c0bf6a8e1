package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.domain.Refusal;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderEndpointTest {

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:10000/devstoreaccount1, http://127.0.0.1:10000/devstoreaccount1, 10000",
        "HTTPS://S3.Example.COM/, https://s3.example.com, 443",
        "http://minio.local, http://minio.local, 80",
        "https://store.example.com:8443/a/b///, https://store.example.com:8443/a/b, 8443"})
    void normalizes(String given, String normalized, int port) {
        ProviderEndpoint endpoint = ProviderEndpoint.parse("credentials.endpoint", given);
        assertEquals(normalized, endpoint.toString());
        assertEquals(port, endpoint.port());
        assertEquals(normalized + "/c/healthcheck", endpoint.resolve("c/healthcheck").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s3.example.com", "ftp://s3.example.com", "http://user:pw@s3.example.com",
        "https://s3.example.com/?x=1", "https://s3.example.com/#f", "http:///path", "https://exa mple.com"})
    void refusesWhatIsNotAPlainHttpUrl(String given) {
        Refusal problem = assertThrows(Refusal.class, () -> ProviderEndpoint.parse("credentials.endpoint", given));
        assertTrue(problem.getMessage() == null || !problem.getMessage().contains("pw"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000", "https://127.0.0.1:9000", "https://10.1.2.3", "https://localhost",
        "http://s3.example.com"})
    void policyRefusesPrivateOrPlainDestinationsUnlessAllowListed(String given) {
        ProviderEndpoint endpoint = ProviderEndpoint.parse("e", given);
        assertTrue(Exchanges.policy(null).refusal(Exchanges.ORG, endpoint.scheme(), endpoint.host(), endpoint.port())
                .isPresent(), given);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000", "http://127.0.0.1:9000/devstoreaccount1"})
    void allowListedDestinationsPass(String given) {
        ProviderEndpoint endpoint = ProviderEndpoint.parse("e", given);
        assertEquals(Optional.empty(), Exchanges.policy("127.0.0.1:9000")
                .refusal(Exchanges.ORG, endpoint.scheme(), endpoint.host(), endpoint.port()));
    }
}
