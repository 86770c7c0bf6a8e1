package dev.casguard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casguard.testing.MetricsContract.Family;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The contract check reads Payara's Prometheus text as the integration tests see it. */
class MetricsContractTest {

    private static final String EXPOSITION = """
            # TYPE base_gc_total counter
            base_gc_total{mp_scope="base",name="G1"} 3.0
            # TYPE casguard_checker_ticks_total counter
            # HELP casguard_checker_ticks_total Ticks run on this instance, by scope and outcome
            casguard_checker_ticks_total{mp_scope="application",outcome="completed",scope="defaults"} 3.0
            casguard_checker_ticks_total{mp_scope="application",outcome="lock-lost",scope="all"} 1.0
            # TYPE casguard_db_server_sessions gauge
            casguard_db_server_sessions{mp_scope="application"} 97.0
            """;

    @Test
    void readsTheCasguardFamiliesWithTheirTypeAndLabelNames() {
        assertEquals(Map.of("casguard_checker_ticks_total", new Family("counter", Set.of("outcome", "scope")),
                "casguard_db_server_sessions", new Family("gauge", Set.of())), MetricsContract.parse(EXPOSITION));
        MetricsContract.assertConforms(EXPOSITION, Set.of("casguard_db_server_sessions"));
    }

    @Test
    void failsOnAnotherTypeLabelScopeOrAMissingFamily() {
        assertThrows(AssertionFailedError.class, () -> MetricsContract.assertConforms(
                EXPOSITION.replace("casguard_db_server_sessions gauge", "casguard_db_server_sessions counter"), Set.of()));
        assertThrows(AssertionFailedError.class, () -> MetricsContract.assertConforms(
                EXPOSITION.replace("outcome=", "result="), Set.of()));
        assertThrows(AssertionFailedError.class, () -> MetricsContract.assertConforms(
                EXPOSITION.replace("mp_scope=\"application\"", "mp_scope=\"vendor\""), Set.of()));
        assertThrows(AssertionFailedError.class, () -> MetricsContract.assertConforms(
                EXPOSITION, Set.of("casguard_validations_total")));
        assertThrows(AssertionFailedError.class, () -> MetricsContract.assertConforms(
                EXPOSITION.replace("casguard_db_server_sessions{", "casguard_db_server_sessions_max{"), Set.of()));
    }
}
