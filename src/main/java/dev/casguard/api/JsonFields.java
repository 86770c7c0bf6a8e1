package dev.casguard.api;

import dev.casguard.domain.Refusal;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed, strict reading of a request body's fields, each failure a VALIDATION_FAILED naming the field. */
public final class JsonFields {

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private final JsonObject body;

    private JsonFields(JsonObject body) {
        this.body = body;
    }

    /** Wraps a body, refusing fields outside {@code allowed} so that typos do not pass silently. */
    public static JsonFields of(JsonObject body, Set<String> allowed) {
        if (body == null) {
            throw Refusal.invalid("a JSON object body is required");
        }
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                throw Refusal.invalid("unknown field '" + shorten(key) + "'");
            }
        }
        return new JsonFields(body);
    }

    public boolean has(String field) {
        return body.containsKey(field);
    }

    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> Refusal.invalid("'" + field + "' is required"));
    }

    public Optional<String> optionalString(String field) {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw Refusal.invalid("'" + field + "' must be a string");
        }
        return Optional.of(string.getString());
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value == JsonValue.TRUE) {
            return Optional.of(true);
        }
        if (value == JsonValue.FALSE) {
            return Optional.of(false);
        }
        throw Refusal.invalid("'" + field + "' must be true or false");
    }

    public Optional<Long> optionalWholeNumber(String field) {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw Refusal.invalid("'" + field + "' must be a whole number");
        }
        try {
            return Optional.of(number.longValueExact());
        } catch (ArithmeticException e) {
            throw Refusal.invalid("'" + field + "' is out of range");
        }
    }

    public Optional<JsonObject> optionalObject(String field) {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw Refusal.invalid("'" + field + "' must be an object");
        }
        return Optional.of(value.asJsonObject());
    }

    /** An array of strings, as given (at most {@code most} of them). */
    public Optional<List<String>> optionalStrings(String field, int most) {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY || value.asJsonArray().size() > most
                || !value.asJsonArray().stream().allMatch(item -> item instanceof JsonString)) {
            throw Refusal.invalid("'" + field + "' must be an array of at most " + most + " strings");
        }
        return Optional.of(value.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
    }

    /** A DNS-1123 label: lower-case letters, digits and inner dashes, at most 63 characters. */
    public static String dnsLabel(String field, String value) {
        if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            throw Refusal.invalid("'" + field + "' must be a DNS-1123 label: lower-case letters, digits and "
                    + "'-', starting and ending with a letter or digit, at most 63 characters");
        }
        return value;
    }

    public String requiredName() {
        return dnsLabel("name", requiredString("name"));
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("[^\\p{Print}]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
