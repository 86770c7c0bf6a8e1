package dev.casguard.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void anOrganizationAloneGetsAllOfTheParallelism() {
        FairShare<String> queue = new FairShare<>(8);
        for (int i = 0; i < 20; i++) {
            queue.add("acme", "b" + i);
        }
        assertEquals(8, startAll(queue).size());
    }

    @Test
    void aCrowdedOrganizationGetsNoMoreThanItsShareWhileOthersWait() {
        FairShare<String> queue = new FairShare<>(8);
        for (int i = 0; i < 1000; i++) {
            queue.add("crowd", "crowd-" + i);
        }
        for (String org : List.of("a", "b", "c")) {
            for (int i = 0; i < 10; i++) {
                queue.add(org, org + "-" + i);
            }
        }
        Map<String, Integer> byOrg = count(startUpTo(queue, 8));
        assertEquals(Map.of("crowd", 2, "a", 2, "b", 2, "c", 2), byOrg, "8 slots over 4 organizations");
        // a slot frees up anywhere: the crowd, at its share, does not get it while others wait
        queue.finished("crowd");
        assertTrue(queue.next().orElseThrow().startsWith("crowd"), "its own freed slot only");
        queue.finished("a");
        assertTrue(!queue.next().orElseThrow().startsWith("crowd"));
    }

    @Test
    void slotsNobodyElseWantsGoToTheCrowd() {
        FairShare<String> queue = new FairShare<>(8);
        for (int i = 0; i < 100; i++) {
            queue.add("crowd", "crowd-" + i);
        }
        queue.add("a", "a-1");
        Map<String, Integer> byOrg = count(startUpTo(queue, 8));
        assertEquals(Map.of("crowd", 7, "a", 1), byOrg, "no slot idles");
    }

    @Test
    void turnsGoRoundRobin() {
        FairShare<String> queue = new FairShare<>(100);
        queue.add("x", "x1");
        queue.add("x", "x2");
        queue.add("y", "y1");
        queue.add("y", "y2");
        assertEquals(List.of("x1", "y1", "x2", "y2"), startAll(queue));
        assertEquals(0, queue.waiting());
    }

    @Test
    void nothingToStartWhenEveryoneIsAtItsShare() {
        FairShare<String> queue = new FairShare<>(2);
        queue.add("x", "x1");
        queue.add("x", "x2");
        queue.add("y", "y1");
        queue.add("y", "y2");
        assertEquals(2, startAll(queue).size());
        assertEquals(Optional.empty(), queue.next());
        queue.finished("x");
        assertEquals(Optional.of("x2"), queue.next(), "the freed slot goes to the organization below its share");
    }

    /** As the tick does: at most {@code parallelism} started. */
    private static List<String> startUpTo(FairShare<String> queue, int parallelism) {
        List<String> started = new ArrayList<>();
        while (started.size() < parallelism) {
            Optional<String> next = queue.next();
            if (next.isEmpty()) {
                break;
            }
            started.add(next.get());
        }
        return started;
    }

    private static List<String> startAll(FairShare<String> queue) {
        List<String> started = new ArrayList<>();
        for (Optional<String> next = queue.next(); next.isPresent(); next = queue.next()) {
            started.add(next.get());
        }
        return started;
    }

    private static Map<String, Integer> count(List<String> started) {
        Map<String, Integer> byOrg = new HashMap<>();
        started.forEach(item -> byOrg.merge(item.substring(0, item.indexOf('-')), 1, Integer::sum));
        return byOrg;
    }
}
