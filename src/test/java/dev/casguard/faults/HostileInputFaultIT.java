package dev.casguard.faults;

import static dev.casguard.faults.HostileRequests.FRAMING;
import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.faults.HostileRequests.Endpoint;
import dev.casguard.faults.HostileRequests.Generator;
import dev.casguard.faults.HostileRequests.Hostile;
import dev.casguard.faults.HostileRequests.Scenario;
import dev.casguard.faults.RawHttp.Answer;
import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.FaultReport;
import dev.casguard.testing.TestPorts;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage in, contract out: one real instance gets well over a thousand generated hostile requests
 * (malformed, truncated, nested and oversized JSON, wrong types, hostile unicode and invalid UTF-8,
 * injection-shaped values, wrong methods, media types and Authorization headers, bad path and query
 * parameters) on every endpoint of the contract. Every answer must be below 500, arrive in time, be
 * problem+json with a contract code when it is a 4xx under {@code /api}, carry no stack trace, and
 * nothing may be stored, changed or deleted by them. The requests are generated from tables with a
 * fixed seed, so a failure names requests that can be replayed.
 *
 * <p>The requests come from {@link HostileRequests}; {@link RawHttp} sends them.
 */
@Tag("fault")
@ExtendWith(FaultReport.class)
class HostileInputFaultIT {

    private static final int PORT = TestPorts.port("hostile-input.instance");
    private static final int RECEIVER = TestPorts.port("hostile-input.receiver");
    private static final long SEED = 20261128L;
    private static final Set<String> CONTRACT_CODES = Set.of("VALIDATION_FAILED", "CAS_BACKEND_CREDENTIALS_INVALID",
            "UNAUTHENTICATED", "FORBIDDEN", "CAS_BACKEND_REQUIRED", "CAS_BACKEND_INVALID", "NOT_FOUND",
            "ALREADY_EXISTS", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "UNAVAILABLE",
            // documented in the README beyond the contract's table
            "METHOD_NOT_ALLOWED", "NOT_ACCEPTABLE");
    private static final List<String> STACK_TRACE_TEXT = List.of("Exception", "at dev.", "at org.", "at java.", "<html",
            "<HTML");

    private static CasguardInstance instance;
    private static String org;
    private static String orgToken;
    private static String tokenId;
    private static final String BACKEND = "inline";
    private static String webhook;
    private static String delivery;

    @BeforeAll
    static void start() throws Exception {
        // The webhook's receiver is allow-listed so that it can be created; nothing listens there, and
        // this instance sends nothing, so its ping stays as it is while the hostile requests run.
        instance = CasguardInstance.launch("hostile-a", PORT, CasguardInstance.settings("CASGUARD_CHECKER_ENABLED", "false",
                        "CASGUARD_WEBHOOKS_ENABLED", "false", "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + RECEIVER))
                .awaitReady(Duration.ofMinutes(3));
        Api api = instance.api();
        org = api.createOrg(Api.unique("hostile"));
        orgToken = api.mintToken(org, "hostile-ci");
        tokenId = api.get("api/v1/orgs/" + org + "/tokens", ADMIN_TOKEN).array().getJsonObject(0).getString("id");
        Api.Reply backend = api.post("api/v1/orgs/" + org + "/cas-backends", ADMIN_TOKEN,
                obj("name", BACKEND, "provider", "INLINE"));
        assertEquals(201, backend.status(), backend.toString());
        Api.Reply hook = api.post("api/v1/orgs/" + org + "/webhooks", ADMIN_TOKEN, obj("url", "http://127.0.0.1:" + RECEIVER + "/in"));
        assertEquals(201, hook.status(), hook.toString());
        webhook = hook.json().getString("id");
        Api.Reply ping = api.post("api/v1/orgs/" + org + "/webhooks/" + webhook + "/test", ADMIN_TOKEN, null);
        assertEquals(202, ping.status(), ping.toString());
        delivery = ping.json().getString("id");
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    // ------------------------------------------------------------------------------------------
    // the scenario

    @Test
    void hostileRequestsGetContractAnswersAndStoreNothing() {
        List<Hostile> requests = new Generator(SEED, new Scenario(org, orgToken, tokenId, BACKEND, webhook, delivery)).all();
        Set<String> endpointsCovered = requests.stream().map(Hostile::endpoint).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(requests.size() >= 1000, "at least 1,000 requests, generated " + requests.size());
        assertEquals(Endpoint.values().length, endpointsCovered.size(), "every endpoint covered: " + endpointsCovered);

        Map<String, List<String>> before = storedRows();
        Map<String, Map<Integer, Integer>> breakdown = new TreeMap<>();
        Map<Integer, Integer> perStatus = new TreeMap<>();
        List<String> breaches = new ArrayList<>();
        int serverErrors = 0;
        int nonProblem = 0;
        int noAnswer = 0;
        int heldOpen = 0;
        int httpLayer = 0;
        Map<String, Integer> breachKinds = new TreeMap<>();
        for (int i = 0; i < requests.size(); i++) {
            Hostile request = requests.get(i);
            Answer answer = RawHttp.send(PORT, request);
            int status = answer.failure == null ? answer.status : -1;
            breakdown.computeIfAbsent(request.endpoint(), e -> new TreeMap<>()).merge(status, 1, Integer::sum);
            perStatus.merge(status, 1, Integer::sum);
            List<String> wrong = judge(request, answer);
            heldOpen += answer.heldOpen ? 1 : 0;
            httpLayer += answer.httpLayerRefusal ? 1 : 0;
            if (answer.failure != null) {
                noAnswer++;
            } else if (status >= 500) {
                serverErrors++;
            }
            if (wrong.stream().anyMatch(w -> w.startsWith("not problem+json") || w.startsWith("no contract code"))) {
                nonProblem++;
            }
            if (!wrong.isEmpty()) {
                breachKinds.merge(request.endpoint() + "/" + request.kind() + " -> " + status + ": "
                        + wrong.get(0).replaceAll("'.*", ""), 1, Integer::sum);
                breaches.add("#" + i + " " + request.describe() + " -> " + answer.summary() + ": " + String.join("; ", wrong));
            }
        }
        Map<String, List<String>> after = storedRows();
        List<String> storedWrongly = differences(before, after);

        printBreakdown(breakdown);
        if (!breaches.isEmpty()) {
            System.out.println("breaches by endpoint/kind -> status: first reason");
            breachKinds.forEach((kind, n) -> System.out.printf("  %5d  %s%n", n, kind));
            System.out.println("every breach:");
            breaches.forEach(b -> System.out.println("  " + b));
        }
        FaultReport.observe("requests", requests.size());
        FaultReport.observe("raw-socket", requests.stream().filter(Hostile::raw).count());
        FaultReport.observe("endpoints", endpointsCovered.size());
        FaultReport.observe("per-status", perStatus);
        FaultReport.observe("5xx", serverErrors);
        FaultReport.observe("no-answer", noAnswer);
        FaultReport.observe("non-problem-errors", nonProblem);
        FaultReport.observe("held-open-after-answer", heldOpen);
        FaultReport.observe("framing-refused-by-http-codec", httpLayer);
        FaultReport.observe("rows-stored-wrongly", storedWrongly.size());

        String log = instance.log();
        for (String secret : List.of(orgToken, ADMIN_TOKEN)) {
            if (log.contains(secret)) {
                breaches.add("a bearer token appears in the instance log");
            }
        }
        StringBuilder failure = new StringBuilder();
        if (!breaches.isEmpty()) {
            failure.append(breaches.size()).append(" of ").append(requests.size())
                    .append(" hostile requests breached the contract; the first ones:\n");
            breaches.stream().limit(20).forEach(b -> failure.append("  ").append(b).append('\n'));
        }
        if (!storedWrongly.isEmpty()) {
            failure.append(storedWrongly.size()).append(" rows created, changed or deleted by hostile requests:\n");
            storedWrongly.stream().limit(20).forEach(r -> failure.append("  ").append(r).append('\n'));
        }
        assertTrue(failure.length() == 0, failure.toString());
    }

    /** Everything wrong with one answer, empty when it keeps the contract. */
    private static List<String> judge(Hostile request, Answer answer) {
        List<String> wrong = new ArrayList<>();
        if (answer.failure != null) {
            wrong.add("no answer (" + answer.failure + ")");
            return wrong;
        }
        if (answer.status >= 500) {
            wrong.add("server error " + answer.status);
        }
        if (request.kind().equals(FRAMING) && answer.status == 400 && answer.header("Content-Type") == null
                && answer.body.isEmpty() && "close".equalsIgnoreCase(answer.header("Connection"))) {
            answer.httpLayerRefusal = true;
            return wrong;
        }
        if (answer.status < 100) {
            wrong.add("no valid status line");
        }
        for (String header : answer.headers.keySet()) {
            if (header.toLowerCase(Locale.ROOT).startsWith("x-injected")) {
                wrong.add("an injected header was reflected");
            }
        }
        boolean api = resolved(request.path()).startsWith("/api");
        boolean errorOrApi = answer.status >= 400 || api;
        if (errorOrApi && !"HEAD".equals(request.method())) {
            // Payara's own endpoints may answer an HTML page; a stack trace is wrong anywhere
            for (String text : api ? STACK_TRACE_TEXT : STACK_TRACE_TEXT.subList(0, 4)) {
                if (answer.body.contains(text)) {
                    wrong.add("stack trace or HTML text '" + text + "' in the body");
                    break;
                }
            }
        }
        if (api && answer.status >= 400 && answer.status < 500) {
            String type = answer.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
                wrong.add("not problem+json (Content-Type " + type + ")");
            } else if (!"HEAD".equals(request.method())) {
                wrong.addAll(problemShape(answer));
            }
        }
        if (api && answer.status >= 200 && answer.status < 300 && answer.status != 204
                && !List.of("HEAD", "OPTIONS").contains(request.method())) {
            String type = answer.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                wrong.add("a success that is not JSON (Content-Type " + type + ", " + answer.body.length() + " chars)");
            }
        }
        if (request.mustNotSucceed() && answer.status >= 200 && answer.status < 300) {
            wrong.add("a request that must be refused succeeded");
        }
        return wrong;
    }

    /** The path the container routes: dot segments (also as %2e) resolved, as it does before mapping. */
    static String resolved(String path) {
        String decoded = path.replaceAll("(?i)%2e", ".");
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static List<String> problemShape(Answer answer) {
        try {
            JsonObject problem = Json.createReader(new StringReader(answer.body)).readObject();
            List<String> wrong = new ArrayList<>();
            for (String field : List.of("type", "title", "detail", "code")) {
                if (!problem.containsKey(field) || problem.get(field).getValueType() != JsonValue.ValueType.STRING) {
                    wrong.add("problem without string '" + field + "'");
                }
            }
            if (!problem.containsKey("status") || problem.getInt("status", -1) != answer.status) {
                wrong.add("problem status differs from the HTTP status");
            }
            String code = problem.getString("code", "");
            if (!CONTRACT_CODES.contains(code)) {
                wrong.add("no contract code: '" + code + "'");
            }
            return wrong;
        } catch (RuntimeException e) {
            return List.of("no contract code: the problem+json body is not a JSON object");
        }
    }

    private static void printBreakdown(Map<String, Map<Integer, Integer>> breakdown) {
        Set<Integer> statuses = new TreeSet<>();
        breakdown.values().forEach(m -> statuses.addAll(m.keySet()));
        StringBuilder table = new StringBuilder(String.format("%-14s", "endpoint"));
        statuses.forEach(s -> table.append(String.format("%6s", s < 0 ? "none" : String.valueOf(s))));
        table.append(String.format("%7s%n", "total"));
        breakdown.forEach((endpoint, counts) -> {
            table.append(String.format("%-14s", endpoint));
            statuses.forEach(s -> table.append(String.format("%6d", counts.getOrDefault(s, 0))));
            table.append(String.format("%7d%n", counts.values().stream().mapToInt(Integer::intValue).sum()));
        });
        System.out.println("hostile requests per endpoint x status:\n" + table);
    }

    // ------------------------------------------------------------------------------------------
    // what is stored

    /** The rows hostile requests could create, change or delete, as text per table. */
    private static Map<String, List<String>> storedRows() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put("organization", flat(Database.rows(
                "select id || ' ' || name || ' ' || coalesce(deleted_at::text, '-') from organization order by id")));
        rows.put("api_token", flat(Database.rows("select id || ' ' || organization_id || ' ' || name || ' ' || digest"
                + " || ' ' || coalesce(revoked_at::text, '-') from api_token order by id")));
        rows.put("cas_backend", flat(Database.rows("select id || ' ' || organization_id || ' ' || name || ' ' || provider"
                + " || ' ' || location || ' ' || coalesce(description, '-') || ' ' || is_default || ' ' || is_fallback"
                + " || ' ' || max_bytes || ' ' || updated_at || ' ' || coalesce(deleted_at::text, '-')"
                + " || ' ' || coalesce(md5(credentials), '-') from cas_backend order by id")));
        rows.put("cas_backend_event", flat(Database.rows("select id::text from cas_backend_event order by id")));
        rows.put("webhook", flat(Database.rows("select id || ' ' || organization_id || ' ' || url || ' ' || events"
                + " || ' ' || coalesce(description, '-') || ' ' || md5(secret) from webhook order by id")));
        rows.put("webhook_delivery", flat(Database.rows("select id || ' ' || webhook_id || ' ' || status || ' ' || attempts"
                + " || ' ' || failures || ' ' || pending_since || ' ' || coalesce(next_attempt_at::text, '-')"
                + " from webhook_delivery order by id")));
        return rows;
    }

    private static List<String> flat(List<List<String>> rows) {
        return rows.stream().map(r -> r.get(0)).toList();
    }

    private static List<String> differences(Map<String, List<String>> before, Map<String, List<String>> after) {
        List<String> differences = new ArrayList<>();
        for (String table : before.keySet()) {
            Set<String> old = new HashSet<>(before.get(table));
            Set<String> now = new HashSet<>(after.get(table));
            now.stream().filter(r -> !old.contains(r)).forEach(r -> differences.add(table + " now: " + r));
            old.stream().filter(r -> !now.contains(r)).forEach(r -> differences.add(table + " gone: " + r));
        }
        return differences;
    }

}
