package dev.casguard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * casguard's metrics as /metrics exposes them in Prometheus text, family by family: name, type
 * and label names. Alert rules and dashboards are written against exactly these, so every Payara
 * line the WAR runs on must expose them alike; the line's own {@code mp_scope} label is checked
 * apart ({@value #SCOPE}).
 */
public final class MetricsContract {

    /** The MicroProfile Metrics scope label every casguard sample carries, with this value. */
    public static final String SCOPE = "application";

    public record Family(String type, Set<String> labels) {
        static Family of(String type, String... labels) {
            return new Family(type, new TreeSet<>(List.of(labels)));
        }
    }

    /** What the README's metrics table promises. */
    public static final Map<String, Family> FAMILIES = Map.ofEntries(
            Map.entry("casguard_checker_ticks_total", Family.of("counter", "scope", "outcome")),
            Map.entry("casguard_checker_skips_total", Family.of("counter", "scope", "reason")),
            Map.entry("casguard_checker_lock_holds_total", Family.of("counter", "scope")),
            Map.entry("casguard_checker_lock_hold_milliseconds_total", Family.of("counter", "scope")),
            Map.entry("casguard_checker_lock_hold_last_seconds", Family.of("gauge", "scope")),
            Map.entry("casguard_checker_last_run_seconds", Family.of("gauge", "scope")),
            Map.entry("casguard_checker_interval_seconds", Family.of("gauge", "scope")),
            Map.entry("casguard_checker_transaction_pooler", Family.of("gauge")),
            Map.entry("casguard_validations_total", Family.of("counter", "provider", "result", "source")),
            Map.entry("casguard_api_requests_refused_total", Family.of("counter")),
            Map.entry("casguard_db_cluster_sessions", Family.of("gauge")),
            Map.entry("casguard_db_server_sessions", Family.of("gauge")),
            Map.entry("casguard_webhook_deliveries_total", Family.of("counter", "outcome")),
            Map.entry("casguard_webhook_oldest_pending_seconds", Family.of("gauge")));

    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+.*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    private MetricsContract() {
    }

    /**
     * The casguard_* families of a Prometheus text exposition: the type its # TYPE line gives and
     * the label names of its samples, without {@code mp_scope}.
     * Fails if a sample's mp_scope is not {@value #SCOPE} or a sample is not under its own # TYPE line.
     */
    public static Map<String, Family> parse(String exposition) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        String current = null;
        for (String line : exposition.lines().toList()) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                current = type.group(1);
                types.put(current, type.group(2));
                labels.putIfAbsent(current, new TreeSet<>());
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).startsWith("casguard_")) {
                continue;
            }
            assertEquals(current, sample.group(1), "a sample outside its family: " + line);
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                String name = label.group(1);
                if (name.equals("mp_scope")) {
                    assertEquals("mp_scope=\"" + SCOPE + "\"", label.group(), line);
                } else {
                    labels.get(current).add(name);
                }
            }
        }
        return types.keySet().stream().filter(name -> name.startsWith("casguard_"))
                .collect(Collectors.toMap(name -> name, name -> new Family(types.get(name), labels.get(name)),
                        (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * Every casguard family in the exposition is in {@link #FAMILIES} with that type and those
     * labels, and those named in {@code required} are there.
     */
    public static void assertConforms(String exposition, Set<String> required) {
        Map<String, Family> exposed = parse(exposition);
        String shown = "exposed: " + exposed + "\n" + exposition.lines()
                .filter(line -> line.contains(" casguard_") || line.startsWith("casguard_")).collect(Collectors.joining("\n"));
        exposed.forEach((name, family) -> assertEquals(FAMILIES.get(name), family, name + "; " + shown));
        assertTrue(exposed.keySet().containsAll(required), "missing " + required.stream()
                .filter(name -> !exposed.containsKey(name)).toList() + "; " + shown);
    }
}
