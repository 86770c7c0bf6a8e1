package dev.casguard.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The budget's rules outside a container; ConnectionBudgetIT shows them in one. */
class ConnectionBudgetTest {

    private static ConnectionBudget budget(int poolSize, Integer maxConcurrentRequests) {
        ConnectionBudget budget = new ConnectionBudget();
        budget.configuredPoolSize = poolSize;
        budget.maxConcurrentRequests = Optional.ofNullable(maxConcurrentRequests);
        PGSimpleDataSource notPayaras = new PGSimpleDataSource();
        notPayaras.setServerNames(new String[] {"127.0.0.1"});
        notPayaras.setPortNumbers(new int[] {1}); // nothing listens: the first connection fails at once
        budget.dataSource = notPayaras;
        return budget;
    }

    @Test
    void theDefaultPoolLeavesNineRequestsAfterTheCheckerAndTheWebhookWorker() {
        ConnectionBudget budget = budget(20, null);
        assertEquals(20, budget.poolSize());
        assertEquals(9, budget.requestBound());
        assertEquals(Optional.empty(), budget.notApplied());
    }

    @Test
    void requestsThatCannotFitThePoolRefuseTheStartNamingWhatFits() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> budget(20, 10).requestBound());
        assertTrue(refused.getMessage().contains("casguard.api.max-concurrent-requests is 10"), refused.getMessage());
        assertTrue(refused.getMessage().contains("set it between 1 and 9"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> budget(20, 0).requestBound());
    }

    @Test
    void aPoolTheCheckerAloneCannotFitInIsRefusedBeforeItIsApplied() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> budget(11, null).requestBound());
        assertTrue(refused.getMessage().contains("casguard.db.pool-size is 11"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at least 12"), refused.getMessage());
    }

    @Test
    void aRuntimeWithoutPayarasPoolInternalsKeepsTheWarsPoolAndSaysSo() {
        ConnectionBudget budget = budget(40, null);
        assertEquals(ConnectionBudget.DEFAULT_POOL_SIZE, budget.poolSize(), "the pool in force, not the wish");
        assertEquals(9, budget.requestBound(), "the bound fits the pool in force");
        String reason = budget.notApplied().orElseThrow();
        assertTrue(reason.startsWith("casguard.db.pool-size is 40 but this Payara did not take it"), reason);
    }
}
