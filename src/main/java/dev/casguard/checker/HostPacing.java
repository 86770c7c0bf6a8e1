package dev.casguard.checker;

import java.util.HashMap;
import java.util.Map;

/**
 * How many of a tick's validations may be in flight to one provider server ({@code host:port})
 * at once: {@code casguard.checker.per-host-parallelism}, across organizations, halved (down to
 * one) each time the server throttles us, for the rest of the tick. Used by the tick's dispatcher
 * thread only.
 */
final class HostPacing {

    private final int perHost;
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Integer> slowedTo = new HashMap<>();

    HostPacing(int perHost) {
        this.perHost = Math.max(1, perHost);
    }

    boolean hasRoom(String host) {
        return inFlight.getOrDefault(host, 0) < cap(host);
    }

    void started(String host) {
        inFlight.merge(host, 1, Integer::sum);
    }

    /** A validation to {@code host} ended; {@code throttled}: the server asked us to slow down. */
    void finished(String host, boolean throttled) {
        inFlight.computeIfPresent(host, (k, n) -> n <= 1 ? null : n - 1);
        if (throttled) {
            slowedTo.put(host, Math.max(1, cap(host) / 2));
        }
    }

    int cap(String host) {
        return slowedTo.getOrDefault(host, perHost);
    }
}
