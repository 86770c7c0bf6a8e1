package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;

/** Shape checks shared by the providers' credential objects. Messages name fields, never values. */
final class CredentialFields {

    private CredentialFields() {
    }

    static void allowOnly(JsonObject credentials, Set<String> allowed) {
        if (credentials == null) {
            throw Refusal.invalid("'credentials' is required");
        }
        for (String key : credentials.keySet()) {
            if (!allowed.contains(key)) {
                throw Refusal.invalid("unknown credentials field; expected some of " + allowed);
            }
        }
    }

    static void requireString(JsonObject credentials, String field) {
        JsonValue value = credentials.get(field);
        if (!(value instanceof JsonString string) || string.getString().isEmpty()) {
            throw Refusal.invalid("'credentials." + field + "' is required and must be a non-empty string");
        }
    }

    static void optionalString(JsonObject credentials, String field) {
        JsonValue value = credentials.get(field);
        if (value != null && value != JsonValue.NULL && !(value instanceof JsonString)) {
            throw Refusal.invalid("'credentials." + field + "' must be a string");
        }
    }

    static String stringOrNull(JsonObject credentials, String field) {
        JsonValue value = credentials.get(field);
        return value instanceof JsonString string && !string.getString().isEmpty() ? string.getString() : null;
    }
}
