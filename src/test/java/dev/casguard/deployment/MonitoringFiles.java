package dev.casguard.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL of the monitoring files under deploy/: every rule's and every dashboard query's. */
final class MonitoringFiles {

    static final Path RULES = Path.of("deploy", "prometheus", "casguard-rules.yml");
    static final Path RULE_TESTS = Path.of("deploy", "prometheus", "casguard-rules.test.yml");
    static final Path DASHBOARD = Path.of("deploy", "grafana", "casguard-dashboard.json");

    /** Where an expression stands (an alert's or a panel's title) and the selectors it uses. */
    record Query(String where, String expression, List<PromQl.Selector> selectors) {
    }

    /** Grafana's label_values(selector, label): the variable lists the label's values on that series. */
    private static final Pattern LABEL_VALUES = Pattern.compile("\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*");

    private MonitoringFiles() {
    }

    static JsonNode yaml(Path file) {
        return read(new ObjectMapper(new YAMLFactory()), file);
    }

    static JsonNode dashboard() {
        return read(new ObjectMapper(), DASHBOARD);
    }

    static List<Query> ruleQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode group : yaml(RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.hasNonNull("alert") ? rule.get("alert").asText() : rule.path("record").asText();
                String expression = rule.path("expr").asText();
                queries.add(new Query(name, expression, PromQl.selectors(expression)));
            }
        }
        return queries;
    }

    /** Every panel target's expr (rows' panels included) and every query variable's query. */
    static List<Query> dashboardQueries() {
        JsonNode dashboard = dashboard();
        List<Query> queries = new ArrayList<>();
        panelQueries(dashboard.path("panels"), queries);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                String text = query.isTextual() ? query.asText() : query.path("query").asText();
                queries.add(variableQuery("variable " + variable.path("name").asText(), text));
            }
        }
        return queries;
    }

    private static void panelQueries(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expression = target.path("expr").asText();
                queries.add(new Query("panel " + panel.path("title").asText(), expression, PromQl.selectors(expression)));
            }
            panelQueries(panel.path("panels"), queries);
        }
    }

    private static Query variableQuery(String where, String text) {
        Matcher labelValues = LABEL_VALUES.matcher(text);
        if (!labelValues.matches()) {
            return new Query(where, text, PromQl.selectors(text));
        }
        List<PromQl.Selector> selectors = new ArrayList<>(PromQl.selectors(labelValues.group(1)));
        if (selectors.size() == 1) {
            Set<String> labels = new TreeSet<>(selectors.get(0).labels());
            labels.add(labelValues.group(2));
            selectors.set(0, new PromQl.Selector(selectors.get(0).metric(), labels));
        }
        return new Query(where, text, selectors);
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
