package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void bearerChallengeOfADistributionRegistry() {
        AuthChallenge challenge = AuthChallenge.parse("Bearer realm=\"https://auth.example.com/token\","
                + "service=\"registry.example.com\",scope=\"repository:team/att:pull,push\"").orElseThrow();
        assertTrue(challenge.isBearer());
        assertFalse(challenge.isBasic());
        assertEquals(Map.of("realm", "https://auth.example.com/token", "service", "registry.example.com",
                "scope", "repository:team/att:pull,push"), challenge.parameters());
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitive() {
        AuthChallenge challenge = AuthChallenge.parse("BASIC Realm=\"Registry Realm\"").orElseThrow();
        assertTrue(challenge.isBasic());
        assertEquals("Registry Realm", challenge.parameters().get("realm"));
    }

    @Test
    void tokenValuesSpacesAndEscapedQuotes() {
        AuthChallenge challenge = AuthChallenge.parse(
                "  Bearer realm=https://auth.example.com/token , service=\"say \\\"hi\\\"\"  ").orElseThrow();
        assertEquals("https://auth.example.com/token", challenge.parameters().get("realm"));
        assertEquals("say \"hi\"", challenge.parameters().get("service"));
    }

    @Test
    void schemeWithoutParameters() {
        AuthChallenge challenge = AuthChallenge.parse("Basic").orElseThrow();
        assertTrue(challenge.isBasic());
        assertTrue(challenge.parameters().isEmpty());
    }

    @Test
    void noHeaderNoChallenge() {
        assertTrue(AuthChallenge.parse(null).isEmpty());
        assertTrue(AuthChallenge.parse("   ").isEmpty());
    }

    @Test
    void unknownSchemesAreNeitherBasicNorBearer() {
        AuthChallenge challenge = AuthChallenge.parse("Negotiate abc==").orElseThrow();
        assertFalse(challenge.isBasic());
        assertFalse(challenge.isBearer());
    }
}
