package dev.casguard.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminTokenRuleTest {

    @Test
    void unsetOrBlankIsNotSetAndDoesNotFail() {
        assertFalse(StartupChecks.adminTokenSet(null));
        assertFalse(StartupChecks.adminTokenSet(""));
        assertFalse(StartupChecks.adminTokenSet("   \t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zq9", "change-me", "test-admin-token", "0123456789abcdef0123456789abcde"})
    void setButShorterThanThirtyTwoCharactersRefusesToStart(String token) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> StartupChecks.adminTokenSet(token));
        assertTrue(refused.getMessage().contains("casguard.admin-token"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at least 32 characters"), refused.getMessage());
        assertFalse(refused.getMessage().contains(token), "the message must not hold the token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef", "test-admin-token-0123456789abcdef",
        "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
    void thirtyTwoCharactersOrMoreIsSet(String token) {
        assertTrue(StartupChecks.adminTokenSet(token));
    }

    /** Characters, not UTF-16 units: 31 emoji are 62 chars in Java but still too short. */
    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThrows(IllegalStateException.class, () -> StartupChecks.adminTokenSet("\uD83D\uDD11".repeat(31)));
        assertTrue(StartupChecks.adminTokenSet("\uD83D\uDD11".repeat(32)));
    }
}
