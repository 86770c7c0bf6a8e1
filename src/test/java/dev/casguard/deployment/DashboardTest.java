package dev.casguard.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.casguard.testing.MetricsContract;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/casguard-dashboard.json, without rendering it: every query selects series and
 * labels casguard exposes, every metric casguard registers is shown, and each panel follows the
 * dashboard's Prometheus and job variables.
 */
class DashboardTest {

    private static final ExposedMetrics EXPOSED = ExposedMetrics.fromSource(ExposedMetrics.SOURCES);

    @Test
    void everyQuerySelectsExposedSeries() {
        assertEquals(List.of(), EXPOSED.problems(MonitoringFiles.dashboardQueries()));
    }

    @Test
    void everyRegisteredMetricIsShown() {
        Set<String> shown = new HashSet<>();
        MonitoringFiles.dashboardQueries().forEach(query -> query.selectors().forEach(s -> shown.add(s.metric())));
        Set<String> missing = new TreeSet<>(EXPOSED.labelsBySeries().keySet());
        missing.removeAll(shown);
        assertEquals(Set.of(), missing, "registered metrics no panel shows");
    }

    /** What both Payara lines are held to (MetricsContract) is what the sources register. */
    @Test
    void theRuntimeContractPinsEveryRegisteredMetric() {
        Map<String, Set<String>> pinned = new TreeMap<>();
        MetricsContract.FAMILIES.forEach((name, family) -> pinned.put(name, family.labels()));
        assertEquals(EXPOSED.labelsBySeries(), pinned);
    }

    @Test
    void everyPanelQueriesTheChosenPrometheusAndJob() {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : panels(MonitoringFiles.dashboard().path("panels"), new ArrayList<>())) {
            String title = panel.path("title").asText();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (!panel.path("datasource").path("uid").asText().equals("${datasource}")) {
                problems.add(title + ": not on the datasource variable");
            }
            if (panel.path("targets").isEmpty()) {
                problems.add(title + ": no query");
            }
            for (JsonNode target : panel.path("targets")) {
                for (PromQl.Selector selector : PromQl.selectors(target.path("expr").asText())) {
                    if (!selector.labels().contains("job") || !target.path("expr").asText().contains("job=~\"$job\"")) {
                        problems.add(title + ": " + selector.metric() + " not limited to $job");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void panelIdsAreUniqueAndPanelsDoNotOverlap() {
        List<JsonNode> panels = panels(MonitoringFiles.dashboard().path("panels"), new ArrayList<>());
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : panels) {
            assertTrue(ids.add(panel.path("id").asInt()), "id used twice: " + panel.path("id"));
            JsonNode at = panel.path("gridPos");
            assertTrue(at.path("x").asInt() + at.path("w").asInt() <= 24, panel.path("title") + " wider than the grid");
            for (int x = at.path("x").asInt(); x < at.path("x").asInt() + at.path("w").asInt(); x++) {
                for (int y = at.path("y").asInt(); y < at.path("y").asInt() + at.path("h").asInt(); y++) {
                    assertTrue(cells.add(x + "," + y), panel.path("title") + " overlaps another panel at " + x + "," + y);
                }
            }
        }
    }

    private static List<JsonNode> panels(JsonNode level, List<JsonNode> into) {
        for (JsonNode panel : level) {
            into.add(panel);
            panels(panel.path("panels"), into);
        }
        return into;
    }
}
