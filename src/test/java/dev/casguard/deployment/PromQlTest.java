package dev.casguard.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casguard.deployment.PromQl.Selector;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The selector scanner on the PromQL forms the rules and dashboards use, and on the ones that could fool it. */
class PromQlTest {

    @Test
    void aBareMetricAndOneWithMatchers() {
        assertEquals(List.of(new Selector("up", Set.of())), PromQl.selectors("up"));
        assertEquals(List.of(new Selector("casguard_checker_ticks_total", Set.of("outcome", "scope"))),
                PromQl.selectors("casguard_checker_ticks_total {outcome=~\"lock-lost|timed-out\", scope!=\"all\",}"));
    }

    @Test
    void functionsAggregationsAndGroupingLabelsAreNotMetrics() {
        assertEquals(List.of(new Selector("a_total", Set.of()), new Selector("b_seconds", Set.of("job"))),
                PromQl.selectors("sum by (job, instance) (rate(a_total[5m])) / on (job) group_left(provider)"
                        + " max without(instance)(b_seconds{job=\"x\"}) > bool 0"));
        assertEquals(List.of(new Selector("a_total", Set.of())),
                PromQl.selectors("sum(increase(a_total[1h:1m])) by (scope) or vector(0)"));
    }

    @Test
    void keywordsNumbersDurationsAndModifiersAreNotMetrics() {
        assertEquals(List.of(new Selector("a", Set.of()), new Selector("a", Set.of()), new Selector("b", Set.of())),
                PromQl.selectors("a unless a offset -1h30m and b @ start() > 1.5e9 * 0x1F + Inf - NaN"));
        assertEquals(List.of(new Selector("time_seconds", Set.of())), PromQl.selectors("time() - time_seconds"));
    }

    @Test
    void stringsCommentsAndGrafanaVariablesAreNotMetrics() {
        assertEquals(List.of(new Selector("a", Set.of("job")), new Selector("b", Set.of())),
                PromQl.selectors("label_replace(a{job=~\"$job|x}\\\"y\"}, \"dst\", \"$1\", 'src', `(.*) by {z}`)"
                        + " # not_a_metric{here=\"\"}\n + rate(b[$__rate_interval]) * ${factor:raw} [[legacy]]"));
    }

    @Test
    void aNameMatcherNamesTheMetric() {
        assertEquals(List.of(new Selector("a_total", Set.of("scope")), new Selector(null, Set.of("job"))),
                PromQl.selectors("{__name__=\"a_total\", scope=\"all\"} + {job=\"x\"}"));
    }

    @Test
    void brokenMatchersAreRefusedRatherThanMisread() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("a{job=\"x\""));
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("a{job=x}"));
    }
}
