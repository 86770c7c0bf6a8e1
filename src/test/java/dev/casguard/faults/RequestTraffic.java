package dev.casguard.faults;

import static dev.casguard.testing.Api.ADMIN_TOKEN;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Steady API traffic over every instance while a fault happens (the guarded upload-target with an
 * org token, an admin read), plus a readiness poll: what each answered, and when.
 */
final class RequestTraffic implements AutoCloseable {

    /** One answer: which instance, when, and its outcome (status, plus the problem code of errors). */
    record Answer(String instance, Instant at, String outcome) {
    }

    private final List<CasguardInstance> instances;
    private final String org;
    private final String orgToken;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final List<Answer> readiness = new CopyOnWriteArrayList<>();
    private final Map<String, Long> outcomes = new ConcurrentHashMap<>();

    private RequestTraffic(List<CasguardInstance> instances, String org, String orgToken) {
        this.instances = List.copyOf(instances);
        this.org = org;
        this.orgToken = orgToken;
    }

    static RequestTraffic start(List<CasguardInstance> instances, String org, String orgToken) {
        RequestTraffic traffic = new RequestTraffic(instances, org, orgToken);
        for (CasguardInstance instance : traffic.instances) {
            traffic.spawn(instance, () -> traffic.request(instance, "api/v1/orgs/" + org + "/upload-target", orgToken));
            traffic.spawn(instance, () -> traffic.request(instance, "api/v1/orgs/" + org, ADMIN_TOKEN));
            traffic.spawn(instance, () -> traffic.ready(instance));
        }
        return traffic;
    }

    private void spawn(CasguardInstance instance, Runnable step) {
        Thread thread = new Thread(() -> {
            while (running.get()) {
                step.run();
            }
        }, "traffic-" + instance.name());
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    private void request(CasguardInstance instance, String path, String token) {
        String outcome;
        try {
            Api.Reply reply = instance.api().get(path, token);
            outcome = String.valueOf(reply.status());
            if (reply.status() >= 400) {
                boolean problem = "application/problem+json".equals(reply.contentType());
                outcome += problem ? " " + reply.code() : " not-problem-json";
            }
        } catch (RuntimeException e) {
            outcome = "io-error " + e.getClass().getSimpleName();
        }
        answers.add(new Answer(instance.name(), Instant.now(), outcome));
        outcomes.merge(outcome, 1L, Long::sum);
        pause(50);
    }

    private void ready(CasguardInstance instance) {
        String outcome;
        try {
            outcome = String.valueOf(instance.api().get("/health/ready", null).status());
        } catch (RuntimeException e) {
            outcome = "io-error";
        }
        readiness.add(new Answer(instance.name(), Instant.now(), outcome));
        pause(250);
    }

    /** Every instance's last readiness answer after {@code since} is 200. */
    boolean allReadySince(Instant since) {
        return instances.stream().allMatch(i -> lastAfter(readiness, i, since, 1).stream()
                .allMatch(a -> a.outcome().equals("200")) && !lastAfter(readiness, i, since, 1).isEmpty());
    }

    /** Every instance's last {@code n} API answers after {@code since} are 200. */
    boolean okSince(Instant since, int n) {
        return instances.stream().allMatch(i -> {
            List<Answer> last = lastAfter(answers, i, since, n);
            return last.size() == n && last.stream().allMatch(a -> a.outcome().equals("200"));
        });
    }

    /** How many instances answered not-ready at some moment between the two instants. */
    long readinessDownDuring(Instant from, Instant to) {
        return instances.stream().filter(i -> readiness.stream().anyMatch(a -> a.instance().equals(i.name())
                && !a.at().isBefore(from) && !a.at().isAfter(to) && !a.outcome().equals("200"))).count();
    }

    /** Stops the traffic; answers counted by outcome. */
    Map<String, Long> stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(70_000);
        }
        return Map.copyOf(outcomes);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static List<Answer> lastAfter(List<Answer> all, CasguardInstance instance, Instant since, int n) {
        List<Answer> mine = all.stream().filter(a -> a.instance().equals(instance.name()) && a.at().isAfter(since))
                .toList();
        return mine.subList(Math.max(0, mine.size() - n), mine.size());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
