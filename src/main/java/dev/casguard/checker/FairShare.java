package dev.casguard.checker;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The order in which a tick starts its validations: round-robin across organizations, and none
 * started for an organization already at its fair share of the tick's parallelism in flight
 * ({@code parallelism} divided by the organizations with work waiting, at least one). An
 * organization alone gets all of it, so no slot idles; when others' backends arrive, they get the
 * next free slots, so one organization's thousands of backends on a slow provider keep the others'
 * backends waiting at most one validation, never out of their slot.
 */
final class FairShare<T> {

    private final int parallelism;
    private final Map<String, ArrayDeque<T>> waiting = new HashMap<>();
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private int buffered;

    FairShare(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    void add(String organization, T item) {
        ArrayDeque<T> queue = waiting.computeIfAbsent(organization, k -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            turns.addLast(organization);
        }
        queue.addLast(item);
        buffered++;
    }

    /** The next item to start, or empty when every waiting organization is at its share. */
    Optional<T> next() {
        return next(item -> true);
    }

    /**
     * The next item to start among organizations whose first waiting item {@code startable}
     * accepts (its provider server has room), or empty.
     */
    Optional<T> next(Predicate<T> startable) {
        int share = share();
        for (int i = turns.size(); i > 0; i--) {
            String organization = turns.pollFirst();
            ArrayDeque<T> queue = waiting.get(organization);
            int running = inFlight.getOrDefault(organization, 0);
            if (running >= share || !startable.test(queue.peekFirst())) {
                turns.addLast(organization);
                continue;
            }
            T item = queue.pollFirst();
            buffered--;
            inFlight.put(organization, running + 1);
            if (queue.isEmpty()) {
                waiting.remove(organization);
            } else {
                turns.addLast(organization);
            }
            return Optional.of(item);
        }
        return Optional.empty();
    }

    /** One of the organization's started items is done. */
    void finished(String organization) {
        inFlight.computeIfPresent(organization, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Items added and not yet started. */
    int waiting() {
        return buffered;
    }

    private int share() {
        int organizations = Math.max(1, waiting.size());
        return Math.max(1, (parallelism + organizations - 1) / organizations);
    }
}
