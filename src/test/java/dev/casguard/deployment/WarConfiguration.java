package dev.casguard.deployment;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * What the WAR reads and serves, taken from its compiled classes rather than a copy: every
 * MicroProfile Config key it injects ({@code @ConfigProperty}) or places in an annotation
 * ({@code ${MPCONFIG=key:default}}, as the data source does), with its default, and which kinds of
 * health check it has.
 */
final class WarConfiguration {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{MPCONFIG=([^:}]+)(?::([^}]*))?}");

    private final Map<String, Optional<String>> defaultsByKey = new HashMap<>();
    private final Set<Class<?>> healthKinds = new HashSet<>();

    private WarConfiguration(JavaClasses classes) {
        for (JavaClass type : classes) {
            type.getAnnotations().forEach(this::readPlaceholders);
            for (JavaField field : type.getFields()) {
                field.getAnnotations().forEach(this::readConfigProperty);
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                for (JavaParameter parameter : unit.getParameters()) {
                    parameter.getAnnotations().forEach(this::readConfigProperty);
                }
            }
            Stream.of(Readiness.class, Liveness.class, Startup.class)
                    .filter(type::isAnnotatedWith).forEach(healthKinds::add);
        }
    }

    static WarConfiguration ofTheWar() {
        return new WarConfiguration(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.casguard"));
    }

    /** The environment variable MicroProfile Config reads for a key: non-alphanumerics to '_', upper case. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    Set<String> environmentNames() {
        Set<String> names = new TreeSet<>();
        defaultsByKey.keySet().forEach(key -> names.add(environmentName(key)));
        return names;
    }

    /** The key's default in the WAR; empty for a key without one. Fails for a key the WAR does not read. */
    Optional<String> defaultOf(String key) {
        if (!defaultsByKey.containsKey(key)) {
            throw new IllegalArgumentException("the WAR reads no key " + key);
        }
        return defaultsByKey.get(key);
    }

    boolean hasHealthCheck(Class<?> kind) {
        return healthKinds.contains(kind);
    }

    private void readConfigProperty(JavaAnnotation<?> annotation) {
        if (annotation.getRawType().isEquivalentTo(ConfigProperty.class)) {
            String fallback = (String) annotation.get("defaultValue").orElse(ConfigProperty.UNCONFIGURED_VALUE);
            record((String) annotation.get("name").orElseThrow(),
                    fallback.equals(ConfigProperty.UNCONFIGURED_VALUE) ? null : fallback);
        }
    }

    private void readPlaceholders(JavaAnnotation<?> annotation) {
        annotation.getProperties().values().forEach(this::readPlaceholdersIn);
    }

    private void readPlaceholdersIn(Object value) {
        if (value instanceof String text) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                record(placeholder.group(1), placeholder.group(2));
            }
        } else if (value instanceof Object[] values) {
            Stream.of(values).forEach(this::readPlaceholdersIn);
        } else if (value instanceof JavaAnnotation<?> nested) {
            readPlaceholders(nested);
        }
    }

    private void record(String key, String defaultValue) {
        defaultsByKey.merge(key, Optional.ofNullable(defaultValue), (a, b) -> a.isPresent() ? a : b);
    }
}
