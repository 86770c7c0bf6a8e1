package dev.casguard.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a multi-document YAML stream of Kubernetes objects into fabric8's typed model, refusing
 * anything the model does not know. fabric8's classes keep unknown fields in
 * {@code additionalProperties} instead of failing, so every object, at every level, must have
 * none; and each object written back must equal what was read, which catches values the model
 * coerced (a quoted number, say) or dropped.
 */
final class StrictKubernetesObjects {

    /** The kinds the base may contain; any other is refused rather than read loosely. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private StrictKubernetesObjects() {
    }

    static List<HasMetadata> read(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : YAML.readValues(YAML.createParser(yaml), new TypeReference<JsonNode>() { }).readAll()) {
            if (document.isNull() || document.isMissingNode()) {
                continue;
            }
            String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                fail("a kind the base is not expected to contain: " + kind);
            }
            HasMetadata object = JSON.treeToValue(document, type);
            String name = kind + " " + object.getMetadata().getName();
            refuseUnknownFields(object, name);
            String difference = firstDifference(document, JSON.valueToTree(object), "");
            assertEquals(null, difference, name + " reads back as it was written, but not at");
            objects.add(object);
        }
        return objects;
    }

    /** Where two trees differ (null: nowhere); numbers by value, since the model widens some to long. */
    private static String firstDifference(JsonNode written, JsonNode read, String path) {
        if (written.isNumber() && read.isNumber()) {
            return written.decimalValue().compareTo(read.decimalValue()) == 0 ? null : path;
        }
        if (written.getNodeType() != read.getNodeType()) {
            return path + " (" + written.getNodeType() + " read as " + read.getNodeType() + ")";
        }
        if (written.isContainerNode()) {
            if (written.size() != read.size()) {
                return path + " (" + written.size() + " entries read as " + read.size() + ")";
            }
            for (int i = 0; written.isArray() && i < written.size(); i++) {
                String difference = firstDifference(written.get(i), read.get(i), path + "[" + i + "]");
                if (difference != null) {
                    return difference;
                }
            }
            for (var fields = written.fields(); fields.hasNext(); ) {
                var field = fields.next();
                String difference = read.has(field.getKey())
                        ? firstDifference(field.getValue(), read.get(field.getKey()), path + "." + field.getKey())
                        : path + "." + field.getKey() + " (dropped)";
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return written.equals(read) ? null : path;
    }

    /** Walks the model's fields; any non-empty additionalProperties is a field the model does not know. */
    private static void refuseUnknownFields(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                refuseUnknownFields(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> refuseUnknownFields(item, path + "." + key));
            return;
        }
        if (value instanceof AnyType any) {
            assertTrue(any instanceof IntOrString && (any.getValue() instanceof Integer || any.getValue() instanceof String),
                    path + " is an integer or a string, not " + any.getValue());
            return;
        }
        if (value.getClass().isEnum()) {
            return;
        }
        assertTrue(value.getClass().getName().startsWith("io.fabric8."), path + " is a model object, not " + value.getClass());
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    assertTrue(fieldValue == null || ((Map<?, ?>) fieldValue).isEmpty(),
                            path + " has fields the Kubernetes model does not know: " + fieldValue);
                } else {
                    refuseUnknownFields(fieldValue, path + "." + field.getName());
                }
            }
        }
    }
}
