package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casguard.domain.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OciLocationTest {

    @Test
    void hostPortAndNestedRepository() {
        OciLocation location = OciLocation.parse("127.0.0.1:5000/team/att");
        assertEquals("127.0.0.1", location.host());
        assertEquals(5000, location.port());
        assertEquals("team/att", location.repository());
        assertEquals(5000, location.port("https"));
        assertEquals(5000, location.port("http"));
        assertEquals("127.0.0.1:5000/team/att", location.normalized());
    }

    @Test
    void withoutPortTheSchemeDecides() {
        OciLocation location = OciLocation.parse("ghcr.io/org/team/attestations");
        assertNull(location.port());
        assertEquals(443, location.port("https"));
        assertEquals(80, location.port("http"));
        assertEquals("org/team/attestations", location.repository());
        assertEquals("ghcr.io/org/team/attestations", location.normalized());
    }

    @Test
    void hostIsLowerCasedRepositoryIsKept() {
        OciLocation location = OciLocation.parse("Registry.Example.COM/a.b/c_d/e__f/g--h");
        assertEquals("registry.example.com", location.host());
        assertEquals("a.b/c_d/e__f/g--h", location.repository());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://registry.example.com/team/att", "oci://registry.example.com/team/att",
        "registry.example.com/Team/Att", "registry.example.com", "registry.example.com/",
        "registry.example.com/team/", "registry.example.com//att", "registry.example.com/-team/att",
        "registry.example.com/team/att:latest", "registry.example.com:0/team", "registry.example.com:65536/team",
        "registry.example.com:99999/team", "registry.example.com:/team", "user@registry.example.com/team",
        "[::1]:5000/team", "", " registry.example.com/team"})
    void malformedLocationsAreValidationFailures(String location) {
        Refusal problem = assertThrows(Refusal.class, () -> OciLocation.parse(location));
        assertEquals(Refusal.Reason.INVALID_INPUT, problem.reason());
    }

    @Test
    void nullAndOverlongLocationsAreValidationFailures() {
        assertThrows(Refusal.class, () -> OciLocation.parse(null));
        assertThrows(Refusal.class, () -> OciLocation.parse("r.example.com/" + "a".repeat(250)));
    }
}
