package dev.casguard.deployment;

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
 * The series names /metrics exposes for casguard, each with its label names. {@link #fromSource}
 * derives them from the registrations in src/main/java with MicroProfile Metrics 5's Prometheus
 * naming (dots to underscores, {@code _total} on counters, {@code _seconds} for the seconds unit,
 * a timer as a summary with {@code _max}); {@link #fromScrape} reads them from a real exposition,
 * which is what MonitoringNamesIT holds the first to. {@code seriesByMetric} groups the series of
 * one registered metric (a timer has four); from a scrape, by series.
 *
 * <p>Payara Micro 6.2025.10 also writes a timer's {@code _mean} and gives its {@code _max} and
 * quantiles in nanoseconds (only {@code _sum} in seconds); Payara's fix (payara/Payara#8155)
 * writes seconds and drops {@code _mean}. So {@code _mean} is not listed here, and the rules and
 * the dashboard use a timer's {@code _sum} and {@code _count} only.
 */
record ExposedMetrics(Map<String, Set<String>> labelsBySeries, Map<String, Set<String>> seriesByMetric) {

    static final Path SOURCES = Path.of("src", "main", "java");

    /** Labels Prometheus itself gives every series of a target. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static final Pattern REGISTRATION = Pattern.compile(
            "\\.(counter|gauge|timer)\\(\\s*Metadata\\.builder\\(\\)\\s*\\.withName\\(\"([a-z0-9.]+)\"\\)");
    private static final Pattern TAG = Pattern.compile("new Tag\\(\"([a-z_]+)\"");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})?\\s+\\S+.*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    static ExposedMetrics fromSource(Path sources) {
        Map<String, Set<String>> series = new TreeMap<>();
        Map<String, Set<String>> metrics = new TreeMap<>();
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
                    Set<String> names = switch (registration.group(1)) {
                        case "counter" -> Set.of(base + "_total");
                        case "gauge" -> Set.of(base);
                        default -> Set.of(base, base + "_count", base + "_sum", base + "_max");
                    };
                    names.forEach(name -> series.put(name, labels));
                    if (registration.group(1).equals("timer")) {
                        Set<String> quantiles = new TreeSet<>(labels);
                        quantiles.add("quantile");
                        series.put(base, quantiles);
                    }
                    metrics.put(registration.group(2), new TreeSet<>(names));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExposedMetrics(series, metrics);
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
        exposition.lines().filter(line -> !line.startsWith("#")).map(SAMPLE::matcher).filter(Matcher::matches)
                .filter(sample -> sample.group(1).startsWith("casguard_")).forEach(sample -> {
                    Set<String> labels = series.computeIfAbsent(sample.group(1), name -> new TreeSet<>());
                    Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
                    while (label.find()) {
                        if (!label.group(1).equals("mp_scope")) {
                            labels.add(label.group(1));
                        }
                    }
                });
        Map<String, Set<String>> bySeries = new TreeMap<>();
        series.keySet().forEach(name -> bySeries.put(name, Set.of(name)));
        return new ExposedMetrics(series, bySeries);
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
