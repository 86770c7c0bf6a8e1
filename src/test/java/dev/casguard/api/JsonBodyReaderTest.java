package dev.casguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casguard.domain.Refusal;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyReaderTest {

    private static JsonObject read(byte[] body) throws Exception {
        return new JsonBodyReader().readFrom(JsonObject.class, JsonObject.class, null, null, null,
                new ByteArrayInputStream(body));
    }

    @Test
    void aPlainObjectIsRead() throws Exception {
        assertEquals("x", read("{\"name\":\"x\",\"credentials\":{\"name\":\"y\"},\"a\":[{\"k\":1},{\"k\":2}]}"
                .getBytes(StandardCharsets.UTF_8)).getString("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"NOT VALID\",\"name\":\"x\"}", "{\"name\":\"x\",\"name\":\"NOT VALID\"}",
            "{\"credentials\":{\"a\":1,\"a\":2}}", "{\"name\":\"x\"}}", "{\"name\":\"x\"} trailing",
            "{\"name\":\"x\"}{\"name\":\"y\"}", "[{\"name\":\"x\"}]", "42", " ", "{\"name\":\"x\"", "[[[[]]]]"})
    void refusedAsValidationFailed(String body) {
        Refusal problem = assertThrows(Refusal.class, () -> read(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Refusal.Reason.INVALID_INPUT, problem.reason());
    }

    @Test
    void onlyUtf8() {
        for (byte[] body : new byte[][] {
                {'{', '"', 'd', '"', ':', '"', (byte) 0xff, '"', '}'},
                {'{', '"', 'd', '"', ':', '"', (byte) 0xc0, (byte) 0xae, '"', '}'},
                {'{', '"', 'd', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
                {(byte) 0xfe, (byte) 0xff, 0, '{', 0, '}'}}) {
            Refusal problem = assertThrows(Refusal.class, () -> read(body));
            assertEquals(Refusal.Reason.INVALID_INPUT, problem.reason());
        }
    }
}
