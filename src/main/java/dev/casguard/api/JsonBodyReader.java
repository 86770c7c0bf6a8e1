package dev.casguard.api;

import dev.casguard.domain.Refusal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads request bodies as a JSON object, at most {@link #LIMIT} bytes whatever the framing
 * (a chunked body has no Content-Length to check up front).
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class JsonBodyReader implements MessageBodyReader<JsonObject> {

    /** Json.create* looks the JSON provider up (a scan of the class path) on every call; a factory looks once. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    public static final int LIMIT = 64 * 1024;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonObject.class;
    }

    @Override
    public JsonObject readFrom(Class<JsonObject> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        byte[] body = entity.readNBytes(LIMIT + 1);
        if (body.length > LIMIT) {
            throw new Refusal(Refusal.Reason.TOO_LARGE, "the body is over 64 KiB");
        }
        if (body.length == 0) {
            throw Refusal.invalid("a JSON object body is required");
        }
        String text = strictUtf8(body);
        try {
            requireOneObjectWithUniqueKeys(text);
            try (JsonReader reader = READERS.createReader(new StringReader(text))) {
                return reader.readValue().asJsonObject();
            }
        } catch (Refusal problem) {
            throw problem;
        } catch (RuntimeException e) {
            // JsonException for bad syntax; the parser's own errors for bad encodings or nesting too deep
            throw Refusal.invalid("the body is not well-formed JSON, or nests too deeply");
        }
    }

    /** RFC 8259 JSON between systems is UTF-8; anything else would be read with replacement characters. */
    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw Refusal.invalid("the body is not valid UTF-8");
        }
    }

    /**
     * One JSON object and nothing after it, no key twice in any object: the object model would keep
     * one copy of a duplicate key (which one depends on the provider) and ignore trailing text, so
     * {@code {"name":"NOT VALID","name":"x"}} or {@code {"name":"x"}}} would pass as something else.
     */
    static void requireOneObjectWithUniqueKeys(String text) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            Deque<Set<String>> objects = new ArrayDeque<>();
            boolean first = true;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (first && event != JsonParser.Event.START_OBJECT) {
                    throw Refusal.invalid("the body must be a JSON object");
                }
                if (!first && objects.isEmpty()) {
                    throw Refusal.invalid("the body has text after its JSON object");
                }
                first = false;
                switch (event) {
                    case START_OBJECT -> objects.push(new HashSet<>());
                    case START_ARRAY -> objects.push(ARRAY);
                    case END_OBJECT, END_ARRAY -> objects.pop();
                    case KEY_NAME -> {
                        if (!objects.peek().add(parser.getString())) {
                            throw Refusal.invalid("the body repeats the key '" + printable(parser.getString()) + "'");
                        }
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private static final Set<String> ARRAY = Set.of();

    private static String printable(String key) {
        String shown = key.replaceAll("[^\\p{Print}]", "?");
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }
}
