package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casguard.domain.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureLocationTest {

    @Test
    void splitsAccountAndContainer() {
        AzureLocation location = AzureLocation.parse("myaccount01/attestations-2024");
        assertEquals("myaccount01", location.account());
        assertEquals("attestations-2024", location.container());
        assertEquals("myaccount01/attestations-2024", location.normalized());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc/abc", "devstoreaccount1/c-1", "a23456789012345678901234/x-y-z"})
    void acceptsValidNames(String location) {
        assertEquals(location, AzureLocation.parse(location).normalized());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "account", "account/", "/container", "account/container/blob", "ab/container",
        "Account/container", "acc-ount/container", "a234567890123456789012345/container", "account/ab",
        "account/Container", "account/-container", "account/container-", "account/con--tainer",
        "account/con_tainer", "account/$root"})
    void refusesInvalidLocations(String location) {
        assertThrows(Refusal.class, () -> AzureLocation.parse(location));
    }

    @Test
    void containerNamesUpToSixtyThreeCharacters() {
        AzureLocation.parse("account/" + "c".repeat(63));
        assertThrows(Refusal.class, () -> AzureLocation.parse("account/" + "c".repeat(64)));
    }
}
