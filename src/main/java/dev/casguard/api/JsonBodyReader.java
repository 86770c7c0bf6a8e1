package dev.casguard.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads request bodies as a JSON object, at most {@link #LIMIT} bytes whatever the framing
 * (a chunked body has no Content-Length to check up front).
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class JsonBodyReader implements MessageBodyReader<JsonObject> {

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
            throw new ApiProblem(ProblemCode.PAYLOAD_TOO_LARGE, "the body is over 64 KiB");
        }
        if (body.length == 0) {
            throw ApiProblem.invalid("a JSON object body is required");
        }
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiProblem.invalid("the body must be a JSON object");
            }
            return value.asJsonObject();
        } catch (ApiProblem problem) {
            throw problem;
        } catch (RuntimeException e) {
            // JsonException for bad syntax; the parser's own errors for bad encodings or nesting too deep
            throw ApiProblem.invalid("the body is not well-formed JSON, or nests too deeply");
        }
    }
}
