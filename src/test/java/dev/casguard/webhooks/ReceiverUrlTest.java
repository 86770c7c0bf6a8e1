package dev.casguard.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casguard.domain.Refusal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReceiverUrlTest {

    @Test
    void aReceiverUrlKeepsItsPathAndQueryAndLowerCasesItsHost() {
        ReceiverUrl url = ReceiverUrl.parse("https://Hooks.Example.COM:8443/in/casguard?token=a%2Fb");
        assertEquals("https://hooks.example.com:8443/in/casguard?token=a%2Fb", url.toString());
        assertEquals("the receiver at hooks.example.com:8443", url.described(), "no path or query in errors");
        assertEquals("https://hooks.example.com/", ReceiverUrl.parse("https://hooks.example.com").toString());
        assertEquals("the receiver at hooks.example.com:443", ReceiverUrl.parse("https://hooks.example.com").described());
        assertEquals("the receiver at hooks.example.com:80", ReceiverUrl.parse("http://hooks.example.com/x").described());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "hooks.example.com/in", "ftp://hooks.example.com/", "https:///nohost",
        "https://user:pw@hooks.example.com/", "https://hooks.example.com/#fragment", "file:///etc/passwd",
        "https://hooks.example.com/a b", "javascript:alert(1)"})
    void anythingElseIsRefused(String url) {
        Refusal refused = assertThrows(Refusal.class, () -> ReceiverUrl.parse(url));
        assertEquals(Refusal.Reason.INVALID_INPUT, refused.reason());
    }

    @Test
    void aUrlLongerThan2048CharactersIsRefused() {
        assertThrows(Refusal.class, () -> ReceiverUrl.parse("https://hooks.example.com/" + "a".repeat(2048)));
    }
}
