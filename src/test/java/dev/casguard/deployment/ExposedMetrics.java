package dev.casguard.deployment;

import dev.casguard.testing.MetricsContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The series /metrics exposes for casguard, each with its label names. {@link #fromSource}
 * derives them from the registrations in src/main/java with MicroProfile Metrics 5's Prometheus
 * naming (dots to underscores, {@code _total} on counters, {@code _seconds} for the seconds unit);
 * {@link #fromScrape} reads them from a real exposition, which is what MonitoringNamesIT holds the
 * first to. casguard registers no timers (CheckerMetrics says why), so every metric is one series.
 */
record ExposedMetrics(Map<String, Set<String>> labelsBySeries) {

    static final Path SOURCES = Path.of("src", "main", "java");

    /** Labels Prometheus itself gives every series of a target. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static final Pattern REGISTRATION = Pattern.compile(
            "\\.(counter|gauge|timer|histogram)\\(\\s*Metadata\\.builder\\(\\)\\s*\\.withName\\(\"([a-z0-9.]+)\"\\)");
    private static final Pattern TAG = Pattern.compile("new Tag\\(\"([a-z_]+)\"");

    static ExposedMetrics fromSource(Path sources) {
        Map<String, Set<String>> series = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher registration = REGISTRATION.matcher(source);
                while (registration.find()) {
                    String rest = restOfStatement(source, registration.end());
                    String base = registration.group(2).replace('.', '_')
                            + (rest.contains(".withUnit(MetricUnits.SECONDS)") ? "_seconds" : "");
                    Set<String> labels = new TreeSet<>();
                    Matcher tag = TAG.matcher(rest);
                    while (tag.find()) {
                        labels.add(tag.group(1));
                    }
                    series.put(switch (registration.group(1)) {
                        case "counter" -> base + "_total";
                        case "gauge" -> base;
                        // Payara Micro 6 and 7 export these differently and in wrong units
                        default -> throw new IllegalStateException(file + " registers a "
                                + registration.group(1) + " (" + registration.group(2) + "): use counters and gauges");
                    }, labels);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExposedMetrics(series);
    }

    /** From {@code from} to the end of its Java statement: the first ';' outside a string literal. */
    private static String restOfStatement(String source, int from) {
        boolean quoted = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return source.substring(from, i);
            }
        }
        throw new IllegalStateException("a metric registration without its end: " + source.substring(from));
    }

    /** The casguard_ series of a Prometheus text exposition; a runtime's own labels (mp_scope) left out. */
    static ExposedMetrics fromScrape(String exposition) {
        Map<String, Set<String>> series = new TreeMap<>();
        MetricsContract.parse(exposition).forEach((name, family) -> series.put(name, family.labels()));
        return new ExposedMetrics(series);
    }

    /**
     * What is wrong with these queries: one that selects nothing, a selector that names no exposed
     * series or a label the series lacks (Prometheus's target labels aside). Empty when all is well.
     */
    List<String> problems(List<MonitoringFiles.Query> queries) {
        List<String> problems = new ArrayList<>();
        if (queries.isEmpty()) {
            problems.add("no queries");
        }
        for (MonitoringFiles.Query query : queries) {
            if (query.selectors().isEmpty()) {
                problems.add(query.where() + ": selects nothing: " + query.expression());
            }
            query.selectors().stream().map(this::problem).filter(Objects::nonNull)
                    .forEach(problem -> problems.add(query.where() + ": " + problem + " (exposed: " + labelsBySeries + ")"));
        }
        return problems;
    }

    private String problem(PromQl.Selector selector) {
        if (selector.metric() == null) {
            return "a selector without a metric name";
        }
        Set<String> labels = labelsBySeries.get(selector.metric());
        if (labels == null) {
            return selector.metric() + " is not exposed";
        }
        Set<String> unknown = new TreeSet<>(selector.labels());
        unknown.removeAll(labels);
        unknown.removeAll(TARGET_LABELS);
        return unknown.isEmpty() ? null : selector.metric() + " has no label " + unknown;
    }
}
