package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** The regular expression this parser replaced overflowed the stack on quoted values this long. */
    @Test
    void aHundredThousandCharacterQuotedValueGivesNoChallenge() {
        assertEquals(Optional.empty(), AuthChallenge.parse("Bearer realm=\"" + "a\\\"".repeat(25_000) + "\""));
        assertEquals(Optional.empty(), AuthChallenge.parse("Bearer realm=\"" + "a".repeat(100_000) + "\""));
    }

    @Test
    void aFiveThousandCharacterQuotedValueUnderTheLimitParses() {
        String value = "ab\\\"c".repeat(1_000);
        AuthChallenge challenge = AuthChallenge.parse("Bearer realm=\"" + value + "\",service=x").orElseThrow();
        assertEquals("ab\"c".repeat(1_000), challenge.parameters().get("realm"));
        assertEquals("x", challenge.parameters().get("service"));
    }

    @Test
    void theLengthLimitIsTheWholeHeader() {
        String prefix = "Bearer realm=\"";
        String atLimit = prefix + "a".repeat(AuthChallenge.MAX_HEADER_LENGTH - prefix.length() - 1) + "\"";
        assertEquals(AuthChallenge.MAX_HEADER_LENGTH, atLimit.length());
        assertTrue(AuthChallenge.parse(atLimit).isPresent());
        assertEquals(Optional.empty(), AuthChallenge.parse(atLimit + " "));
    }

    @Test
    void backslashEscapesInQuotedValues() {
        AuthChallenge challenge = AuthChallenge.parse(
                "Bearer realm=\"a\\\\b\\\"c\\d\", service=\"\", scope=\"x, Basic y=\\\"z\\\"\"").orElseThrow();
        assertEquals("a\\b\"cd", challenge.parameters().get("realm"));
        assertEquals("", challenge.parameters().get("service"));
        assertEquals("x, Basic y=\"z\"", challenge.parameters().get("scope"));
    }

    @Test
    void onlyTheFirstOfSeveralChallengesIsRead() {
        AuthChallenge bearer = AuthChallenge.parse("Bearer realm=\"x\", Basic realm=\"y\"").orElseThrow();
        assertTrue(bearer.isBearer());
        assertEquals(Map.of("realm", "x"), bearer.parameters());

        AuthChallenge basic = AuthChallenge.parse("Basic realm=\"y\",Bearer realm=\"x\",service=\"s\"").orElseThrow();
        assertTrue(basic.isBasic());
        assertEquals(Map.of("realm", "y"), basic.parameters());

        assertEquals(Map.of("realm", "x"),
                AuthChallenge.parse("Bearer realm=x, Negotiate").orElseThrow().parameters());
        assertEquals(Map.of(), AuthChallenge.parse("Bearer, Basic realm=y").orElseThrow().parameters());
        assertEquals("bearer", AuthChallenge.parse("Bearer, Basic realm=y").orElseThrow().scheme());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Bearer realm=\"r\",service=\"s\"",
        "Bearer realm=\"r\", service=\"s\"",
        "Bearer   realm=\"r\" ,  service=\"s\"   ",
        "\tBearer\trealm=\"r\"\t,\tservice=\"s\"\t",
        "Bearer realm = \"r\", service\t=\ts",
        "Bearer realm=r,service=s",
        "Bearer realm=\"r\",, ,service=\"s\",",
        " , Bearer realm=\"r\", service=\"s\""})
    void whitespaceAndEmptyListElements(String header) {
        AuthChallenge challenge = AuthChallenge.parse(header).orElseThrow();
        assertTrue(challenge.isBearer(), header);
        assertEquals(Map.of("realm", "r", "service", "s"), challenge.parameters(), header);
    }

    @Test
    void anUnterminatedQuoteKeepsWhatCameBefore() {
        assertEquals(Map.of("realm", "x"),
                AuthChallenge.parse("Bearer realm=\"x\", service=\"unterminated, scope=y").orElseThrow().parameters());
        AuthChallenge challenge = AuthChallenge.parse("Bearer realm=\"unterminated").orElseThrow();
        assertTrue(challenge.isBearer());
        assertEquals(Map.of(), challenge.parameters());
        assertEquals(Map.of(), AuthChallenge.parse("Bearer realm=\"ends in a backslash\\").orElseThrow().parameters());
    }

    @Test
    void otherMalformedStructureKeepsWhatCameBefore() {
        assertEquals(Map.of("realm", "x"), parameters("Bearer realm=x service=y"));
        assertEquals(Map.of("realm", "x"), parameters("Bearer realm=\"x\"service=y"));
        assertEquals(Map.of("realm", "x"), parameters("Bearer realm=x, service="));
        assertEquals(Map.of("realm", "x"), parameters("Bearer realm=x, service=\"a\nb\", scope=z"));
        assertEquals(Map.of("realm", "x"), parameters("Bearer realm=x, =y, scope=z"));
        assertEquals(Map.of(), parameters("Negotiate abc=="));
    }

    @Test
    void noSchemeTokenNoChallenge() {
        assertEquals(Optional.empty(), AuthChallenge.parse("=x"));
        assertEquals(Optional.empty(), AuthChallenge.parse("\"Bearer\" realm=x"));
        assertEquals(Optional.empty(), AuthChallenge.parse("realm=x"));
        assertEquals(Optional.empty(), AuthChallenge.parse(" , "));
    }

    @Test
    void atMostThirtyTwoParameters() {
        StringBuilder header = new StringBuilder("Bearer ");
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            header.append(i == 0 ? "" : ", ").append("p").append(i).append("=\"v").append(i).append('"');
            if (i < AuthChallenge.MAX_PARAMETERS) {
                expected.put("p" + i, "v" + i);
            }
        }
        assertEquals(expected, parameters(header.toString()));
    }

    @Test
    void parameterNamesUpToSixtyFourCharacters() {
        String longest = "n".repeat(AuthChallenge.MAX_NAME_LENGTH);
        assertEquals(Map.of("realm", "x", longest, "y"), parameters("Bearer realm=x, " + longest + "=y"));
        assertEquals(Map.of("realm", "x"), parameters("Bearer realm=x, " + longest + "n=y, service=z"));
    }

    @Test
    void theFirstOfARepeatedParameterCounts() {
        assertEquals(Map.of("realm", "https://a.example"),
                parameters("Bearer realm=\"https://a.example\", REALM=\"https://b.example\""));
    }

    @Test
    void parametersCannotBeChanged() {
        AuthChallenge challenge = AuthChallenge.parse("Bearer realm=x").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> challenge.parameters().put("realm", "y"));
    }

    private static Map<String, String> parameters(String header) {
        return AuthChallenge.parse(header).orElseThrow().parameters();
    }
}
