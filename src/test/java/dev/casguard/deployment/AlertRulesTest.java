package dev.casguard.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/casguard-rules.yml: valid for Prometheus, each alert firing in its scenario
 * and quiet otherwise (promtool's own unit tests in casguard-rules.test.yml), and written against
 * metrics casguard registers, with their labels.
 */
class AlertRulesTest {

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Promtool.Run check = Promtool.run("check", "rules", MonitoringFiles.RULES.getFileName().toString());
        assertEquals(0, check.exitCode(), check.output());
    }

    @Test
    void theRulesPassTheirPromtoolUnitTests() throws Exception {
        Promtool.Run test = Promtool.run("test", "rules", MonitoringFiles.RULE_TESTS.getFileName().toString());
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() {
        Map<String, Set<String>> cases = new TreeMap<>(); // alert -> "fires" / "quiet"
        for (JsonNode test : MonitoringFiles.yaml(MonitoringFiles.RULE_TESTS).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                cases.computeIfAbsent(expectation.path("alertname").asText(), name -> new TreeSet<>())
                        .add(expectation.path("exp_alerts").isEmpty() ? "quiet" : "fires");
            }
        }
        for (MonitoringFiles.Query rule : MonitoringFiles.ruleQueries()) {
            assertEquals(Set.of("fires", "quiet"), cases.getOrDefault(rule.where(), Set.of()),
                    rule.where() + " needs a scenario where it fires and one where it stays quiet");
        }
    }

    @Test
    void everyAlertSaysHowBadAndWhat() {
        for (JsonNode group : MonitoringFiles.yaml(MonitoringFiles.RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                assertTrue(Set.of("critical", "warning").contains(rule.path("labels").path("severity").asText()), name);
                assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name);
                assertFalse(rule.path("annotations").path("description").asText().isBlank(), name);
            }
        }
    }

    @Test
    void everyExpressionSelectsMetricsCasguardRegisters() {
        assertEquals(List.of(), ExposedMetrics.fromSource(ExposedMetrics.SOURCES).problems(MonitoringFiles.ruleQueries()));
    }
}
