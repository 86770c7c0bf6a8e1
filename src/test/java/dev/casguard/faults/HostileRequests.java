package dev.casguard.faults;

import static dev.casguard.testing.Api.ADMIN_TOKEN;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hostile requests of {@link HostileInputFaultIT}, generated from tables with a fixed seed so
 * that a failure names requests that can be replayed: every endpoint of the contract, each with
 * malformed, truncated, nested and oversized JSON, wrong types, hostile unicode and invalid UTF-8,
 * injection-shaped values, wrong methods, media types and Authorization headers, and bad path and
 * query parameters.
 */
final class HostileRequests {

    private HostileRequests() {
    }

    /**
     * Requests that are not HTTP/1.1 the server can parse (a header name with a space, a NUL or a
     * non-ASCII byte in a header value, an invalid or repeated Content-Length, a Content-Length
     * body on GET, which Grizzly refuses unless allow-payload-for-undefined-http-methods is set; on
 * Payara Micro 7 also a folded header line):
     * Grizzly's HTTP codec
     * refuses them with an empty 400 and closes the connection before any routing, so no
     * application code (nor any filter in front of the container) ever sees them. Counted and
     * reported, accepted only in exactly that shape.
     */
    static final String FRAMING = "framing";

    /** The organization, token and backend the scenario set up, which the requests aim at. */
    record Scenario(String org, String orgToken, String tokenId, String backend, String webhook, String delivery) {
    }

    enum Endpoint {
        ORGS("/api/v1/orgs", "GET", "POST"),
        ORG("/api/v1/orgs/{org}", "GET", "DELETE"),
        TOKENS("/api/v1/orgs/{org}/tokens", "GET", "POST"),
        TOKEN("/api/v1/orgs/{org}/tokens/{id}", "DELETE"),
        BACKENDS("/api/v1/orgs/{org}/cas-backends", "GET", "POST"),
        BACKEND("/api/v1/orgs/{org}/cas-backends/{name}", "GET", "PATCH", "DELETE"),
        REVALIDATE("/api/v1/orgs/{org}/cas-backends/{name}/revalidate", "POST"),
        EVENTS("/api/v1/orgs/{org}/cas-backends/{name}/events", "GET"),
        UPLOAD_TARGET("/api/v1/orgs/{org}/upload-target", "GET"),
        TICKS("/api/v1/checker/ticks", "GET"),
        HEALTH_LIVE("/health/live", "GET"),
        HEALTH_READY("/health/ready", "GET"),
        METRICS("/metrics", "GET"),
        OPENAPI("/openapi", "GET"),
        WEBHOOKS("/api/v1/orgs/{org}/webhooks", "GET", "POST"),
        WEBHOOK("/api/v1/orgs/{org}/webhooks/{webhook}", "GET", "DELETE"),
        WEBHOOK_TEST("/api/v1/orgs/{org}/webhooks/{webhook}/test", "POST"),
        DELIVERIES("/api/v1/orgs/{org}/webhooks/{webhook}/deliveries", "GET"),
        DELIVERY_RETRY("/api/v1/orgs/{org}/webhooks/{webhook}/deliveries/{delivery}/retry", "POST");

        /** The slots a path may have, each filled from the scenario unless it is the one abused. */
        static final List<String> SLOTS = List.of("{org}", "{id}", "{name}", "{webhook}", "{delivery}");

        final String template;
        final Set<String> methods;

        Endpoint(String template, String... methods) {
            this.template = template;
            this.methods = Set.of(methods);
        }

        boolean hasBody() {
            return this == ORGS || this == TOKENS || this == BACKENDS || this == BACKEND || this == REVALIDATE
                    || this == WEBHOOKS;
        }

        String bodyMethod() {
            return this == BACKEND ? "PATCH" : "POST";
        }

        /** The path with the scenario's org, token, backend, webhook and delivery, but {@code slot} as {@code value}. */
        String path(Scenario scenario, String slot, String value) {
            return template.replace("{org}", slot.equals("{org}") ? value : scenario.org())
                    .replace("{id}", slot.equals("{id}") ? value : scenario.tokenId())
                    .replace("{name}", slot.equals("{name}") ? value : scenario.backend())
                    .replace("{webhook}", slot.equals("{webhook}") ? value : scenario.webhook())
                    .replace("{delivery}", slot.equals("{delivery}") ? value : scenario.delivery());
        }

        /** The real path, with what the scenario set up. */
        String path(Scenario scenario) {
            return path(scenario, "", "");
        }

    }

    /**
     * One hostile request. The target and header values are sent byte for byte as ISO-8859-1 chars
     * (so a char U+00FF is the byte 0xFF); {@code raw} forces the socket writer.
     */
    record Hostile(String endpoint, String kind, String method, String target, List<String[]> headers, byte[] body,
            boolean raw, boolean mustNotSucceed) {

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        String describe() {
            String shown = target.length() > 120 ? target.substring(0, 120) + "...(" + target.length() + ")" : target;
            String bodyShown = body == null ? "" : " body[" + body.length + "]=" + preview(body);
            return endpoint + "/" + kind + " " + method + " " + printable(shown) + bodyShown + (raw ? " (raw)" : "");
        }

        private static String preview(byte[] body) {
            String text = new String(body, 0, Math.min(body.length, 60), StandardCharsets.ISO_8859_1);
            return printable(text) + (body.length > 60 ? "..." : "");
        }
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return out.toString();
    }

    /** UTF-8 bytes of {@code text} as ISO-8859-1 chars, for a raw target or header. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The tables and the seeded choices that make the requests. */
    static final class Generator {

        private final Random random;
        private final List<Hostile> out = new ArrayList<>();
        private int serial;

        private final Scenario scenario;
        private final long seed;

        Generator(long seed, Scenario scenario) {
            this.scenario = scenario;
            this.seed = seed;
            this.random = new Random(seed);
        }

        List<Hostile> all() {
            methodAbuse();
            authorizationAbuse();
            pathAbuse();
            queryAbuse();
            bodyAbuse();
            typeAbuse();
            mediaTypeAbuse();
            malformedHttp();
            return out;
        }

        private String fresh(String prefix) {
            return prefix + "-" + seed % 1000 + "-" + (serial++);
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private void add(Endpoint endpoint, String kind, String method, String target, List<String[]> headers,
                byte[] body, boolean raw, boolean mustNotSucceed) {
            out.add(new Hostile(endpoint.name(), kind, method, target, headers, body, raw, mustNotSucceed));
        }

        private static List<String[]> headers(String... nameValues) {
            List<String[]> headers = new ArrayList<>();
            for (int i = 0; i < nameValues.length; i += 2) {
                headers.add(new String[] {nameValues[i], nameValues[i + 1]});
            }
            return headers;
        }

        private static List<String[]> admin(String... more) {
            List<String[]> headers = headers(more);
            headers.add(0, new String[] {"Authorization", "Bearer " + ADMIN_TOKEN});
            return headers;
        }

        private static List<String[]> json(String token) {
            return headers("Authorization", "Bearer " + token, "Content-Type", "application/json");
        }

        /** Every method that is not the endpoint's on every path, odd and lower-case ones by socket. */
        private void methodAbuse() {
            List<String> methods = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE");
            List<String> odd = List.of("PROPFIND", "get", "FOO", "CONNECT", "M-SEARCH", "X".repeat(300), "GET\u00e9");
            for (Endpoint endpoint : Endpoint.values()) {
                for (String method : methods) {
                    if (endpoint.methods.contains(method)) {
                        continue;
                    }
                    boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
                    add(endpoint, "method", method, endpoint.path(scenario), body ? json(ADMIN_TOKEN) : admin(),
                            body ? bytes("{\"name\":\"NOT A NAME\"}") : null, false, false);
                    // the same with the org's token, or none
                    add(endpoint, "method", method, endpoint.path(scenario), random.nextBoolean() ? headers() : json(scenario.orgToken()),
                            body ? bytes("{\"name\":\"NOT A NAME\"}") : null, false, false);
                }
                for (String method : odd) {
                    add(endpoint, "odd-method", method, endpoint.path(scenario), admin(), null, true, false);
                }
            }
        }

        /** Bad Authorization headers on every endpoint and method of the contract, none of them valid. */
        private void authorizationAbuse() {
            List<String[]> values = List.of(
                    new String[] {"Authorization", "Basic dGVzdDp0ZXN0"},
                    new String[] {"Authorization", ""},
                    new String[] {"Authorization", "Bearer"},
                    new String[] {"Authorization", "Bearer "},
                    new String[] {"Authorization", "Bearer    "},
                    new String[] {"Authorization", ADMIN_TOKEN},
                    new String[] {"Authorization", "Token " + ADMIN_TOKEN},
                    new String[] {"Authorization", "Bearer " + ADMIN_TOKEN + "x"},
                    new String[] {"Authorization", "Bearer " + "a".repeat(513)},
                    new String[] {"Authorization", "Bearer " + "a".repeat(6000)},
                    new String[] {"Authorization", "Bearer cgo_" + "0".repeat(64)},
                    new String[] {"Authorization", "Bearer ' or 1=1--"},
                    new String[] {"Authorization", "Bearer %00"},
                    new String[] {"Authorization", "Bearer " + utf8("ключ-🔑")},
                    new String[] {"Authorization", "Bearer \u00e9\u00e8"},
                    new String[] {"Authorization", "Bearer a\u0000b"},
                    new String[] {"Authorization", "Bearer " + utf8("\u200b") + ADMIN_TOKEN},
                    new String[] {"Authorization", "Bearer x\r\nX-Injected: 1"},
                    new String[] {"Authorization", "Bearer " + scenario.orgToken().substring(0, scenario.orgToken().length() - 1)});
            for (Endpoint endpoint : Endpoint.values()) {
                if (!endpoint.template.startsWith("/api")) {
                    continue;
                }
                for (String[] value : values) {
                    String method = pick(List.copyOf(endpoint.methods));
                    boolean body = method.equals("POST") || method.equals("PATCH");
                    boolean raw = value[1].chars().anyMatch(c -> c < 0x20 || c > 0x7e);
                    boolean framing = value[1].chars().anyMatch(c -> (c < 0x20 && c != '\r' && c != '\n') || c > 0x7e);
                    List<String[]> headers = new ArrayList<>();
                    headers.add(value);
                    if (body) {
                        headers.add(new String[] {"Content-Type", "application/json"});
                    }
                    add(endpoint, framing ? FRAMING : "authorization", method, endpoint.path(scenario), headers,
                            body ? validishBody(endpoint) : null, raw, true);
                }
                // two Authorization headers, one of them valid
                add(endpoint, "authorization", "GET", endpoint.path(scenario),
                        headers("Authorization", "Bearer nope", "Authorization", "Bearer " + ADMIN_TOKEN), null, true,
                        false);
            }
        }

        /** A body that would be valid: only authentication stands in its way. */
        private byte[] validishBody(Endpoint endpoint) {
            return switch (endpoint) {
                case BACKENDS -> bytes("{\"name\":\"" + fresh("auth") + "\",\"provider\":\"INLINE\"}");
                case BACKEND -> bytes("{\"description\":\"changed by an unauthenticated caller\"}");
                case WEBHOOKS -> bytes("{\"url\":\"https://hooks.example.com/in\"}");
                default -> bytes("{\"name\":\"" + fresh("auth") + "\"}");
            };
        }

        private static final List<String> BAD_SEGMENTS = List.of(
                "%zz", "%", "a%", "a%2", "%g0", "%%30", "%u0041", "ACME", "a".repeat(64), "b".repeat(300), "-a", "a-",
                "a_b", "a.b", "a%2fb", "a%2Fb", "%2f", "%2e%2e", "%2e%2e%2f", "..%2f..%2fetc%2fpasswd", "%2e", "a%00b",
                "%00", "%c0%ae%c0%ae", "%c0%af", "%ff", "%fe%ff", "%ed%a0%80", "%e2%80", "%f0%9f%98%80",
                "%e2%80%ae" + "abc", "a%e2%80%8bb", "%ef%bb%bfa", "'%20or%201=1--", "x';drop%20table%20organization;--",
                "a%0d%0aX-Injected:%201", "a%0aX-Injected", "a;b", "a;jsessionid=1", "a%3bb", "%25zz", "%5c", "a%5cb",
                "%09", "%20", "+", "a+b", "$%7bjndi:ldap:%2f%2fx%7d", "%3cscript%3e", "*", "~", "%7e", "..;", "0x1",
                "NaN", "null", "undefined", "%2500", "%c3%a9");
        private static final List<String> RAW_SEGMENTS = List.of(
                "\u00ff\u00fe", utf8("ключ"), utf8("😀"), "a\\b", "\u00c0\u00ae", "\u00ed\u00a0\u0080",
                utf8("\u202eabc"), "a\u0001b", "a\u007fb", "a\"b", "a<b>", "a{b}", "a|b", "a^b", "a`b");

        /** Bad {org}, {id} and {name} values, the others real; traversal only where it cannot reach a real target. */
        private void pathAbuse() {
            for (Endpoint endpoint : Endpoint.values()) {
                if (!endpoint.template.contains("{")) {
                    continue;
                }
                List<String> slots = new ArrayList<>();
                for (String slot : Endpoint.SLOTS) {
                    if (endpoint.template.contains(slot)) {
                        slots.add(slot);
                    }
                }
                for (String segment : BAD_SEGMENTS) {
                    addPath(endpoint, pick(slots), segment, false);
                }
                for (String segment : RAW_SEGMENTS) {
                    addPath(endpoint, pick(slots), segment, true);
                }
                // a plain traversal, resolved by the container before routing, on reading methods only
                if (endpoint.methods.contains("GET")) {
                    add(endpoint, "path", "GET", endpoint.path(scenario) + "/../../" + scenario.org(), admin(), null, true, false);
                    add(endpoint, "path", "GET", endpoint.path(scenario) + "/%2e%2e/%2e%2e", admin(), null, true, false);
                }
            }
            // traversal and encoded slashes around the application and the server's own paths
            for (String target : List.of("/api/../health/live", "/api/v1/../../metrics", "/api%2fv1%2forgs",
                    "/api/v1/orgs/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/api/v1//orgs", "/api/v1/orgs/", "/api/v1/orgs//x",
                    "/api/v2/orgs", "/api/v1/nope", "/api", "/api/", "/api/v1", "/API/v1/orgs", "/api/v1/orgs;x=1",
                    "/health/%zz", "/metrics/%", "/openapi/%c0%ae", "/api/%zz", "/%zz", "/api/v1/checker/ticks/%zz")) {
                add(Endpoint.ORGS, "path", "GET", target, admin(), null, true, false);
            }
        }

        private void addPath(Endpoint endpoint, String slot, String segment, boolean raw) {
            List<String> methods = new ArrayList<>(endpoint.methods);
            java.util.Collections.sort(methods);
            boolean traversal = segment.contains("2e") || segment.contains("2E") || segment.contains("..")
                    || segment.contains("2f") || segment.contains("2F") || segment.contains("5c") || segment.contains("\\");
            if (traversal) {
                // never a DELETE that the container might normalise onto a real resource
                methods.remove("DELETE");
                if (methods.isEmpty()) {
                    methods.add("GET");
                }
            }
            String method = pick(methods);
            boolean body = method.equals("POST") || method.equals("PATCH");
            add(endpoint, "path", method, endpoint.path(scenario, slot, segment), body ? json(ADMIN_TOKEN) : admin(),
                    body ? bytes(endpoint == Endpoint.BACKEND ? "{\"maxBytes\":\"x\"}" : "{\"name\":\"NOT A NAME\"}")
                            : null, raw, false);
        }

        /** limit and scope out of range, of the wrong type, badly encoded, repeated, unknown. */
        private void queryAbuse() {
            List<String> queries = List.of("limit=-1", "limit=0", "limit=abc", "limit=99999999999", "limit=1001",
                    "limit=1e3", "limit=1.5", "limit=%20%205", "limit=", "limit", "limit=1&limit=2", "limit=%00",
                    "limit=%zz", "limit=%", "limit=0x10", "limit=%2B5", "limit=-0", "limit=" + "9".repeat(400),
                    "limit=%e2%80%ae5", "limit=%ef%bc%95", "scope=unknown", "scope=", "scope=%zz", "scope='%20or%201=1--",
                    "scope=DEFAULTS", "scope=defaults%00", "scope=all&scope=defaults", "scope=" + "s".repeat(3000),
                    "x=1", "=", "&&&", "%zz=1", "limit=5#frag", "limit=5;6", "scope=..%2f..%2f", "limit=%ff");
            for (Endpoint endpoint : Endpoint.values()) {
                if (!endpoint.methods.contains("GET")) {
                    continue;
                }
                int count = endpoint == Endpoint.EVENTS || endpoint == Endpoint.TICKS || endpoint == Endpoint.DELIVERIES
                        ? queries.size() : 4;
                for (int i = 0; i < count; i++) {
                    String query = count == queries.size() ? queries.get(i) : pick(queries);
                    boolean raw = query.contains("%zz") || query.contains("#") || query.endsWith("%")
                            || query.contains("%ff");
                    add(endpoint, "query", "GET", endpoint.path(scenario) + "?" + query, admin(), null, raw, false);
                }
            }
        }

        /** Malformed, truncated, nested, oversized and oddly encoded bodies on every endpoint that takes one. */
        private void bodyAbuse() {
            List<byte[]> bodies = new ArrayList<>();
            for (String text : List.of("{", "}", "{\"name\":", "{\"name\":\"x\"", "{\"name\":\"x\",}", "{,}", "[", "]",
                    "[]", "[{\"name\":\"x\"}]", "\"name\"", "42", "true", "null", "nul", "", " ", "\n\n", "{name:\"x\"}",
                    "{'name':'x'}", "{\"name\":\"x\"}}", "{\"name\":\"NOT\"} trailing", "{\"name\":\"NOT\"}{\"name\":\"NOT\"}",
                    "NaN", "{\"name\":NaN}", "{\"name\":Infinity}", "{\"name\":undefined}", "{\"name\":0x10}",
                    "{\"name\":01}", "{\"name\":\"\\u00\"}", "{\"name\":\"\\x41\"}", "{\"name\":\"a\nb\"}",
                    "{\"name\":\"\\ud800\"}", "{\"name\":\"\\udc00\\ud800\"}", "{\"na\\u0000me\":\"x\"}",
                    "{\"\":\"x\"}", "/* comment */ {\"name\":\"x\"}", "{\"name\":\"x\" // comment\n}",
                    "\u0000", "{\"a\":1e999999999}", "{\"name\":\"x\"\u0000}", "<xml/>", "name=x&provider=INLINE",
                    "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--x--")) {
                bodies.add(bytes(text));
            }
            // truncated copies of valid-looking bodies
            String full = "{\"name\":\"trunc\",\"provider\":\"INLINE\",\"description\":\"d\",\"default\":false}";
            for (int i = 0; i < 6; i++) {
                bodies.add(bytes(full.substring(0, 1 + random.nextInt(full.length() - 2))));
            }
            // deeply nested, under and over the size limit
            for (int depth : new int[] {64, 1_000, 10_000, 30_000}) {
                bodies.add(bytes("{\"name\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
                bodies.add(bytes("{\"credentials\":" + "{\"a\":".repeat(depth / 5) + "1" + "}".repeat(depth / 5) + "}"));
            }
            bodies.add(bytes("[".repeat(100_000)));
            // oversized (> 64 KiB) and huge values under the limit
            bodies.add(bytes("{\"name\":\"" + "a".repeat(70 * 1024) + "\"}"));
            bodies.add(bytes("{\"name\":\"" + "a".repeat(65_000) + "\"}"));
            bodies.add(bytes("{\"description\":\"" + "d".repeat(300 * 1024) + "\"}"));
            bodies.add(bytes("{\"name\":\"x\",\"pad\":\"" + " ".repeat(2 * 1024 * 1024) + "\"}"));
            bodies.add(bytes("{\"maxBytes\":" + "9".repeat(60_000) + "}"));
            bodies.add(bytes("{\"maxBytes\":1" + "0".repeat(60_000) + "}"));
            bodies.add(bytes("{\"maxBytes\":0." + "0".repeat(60_000) + "1}"));
            bodies.add(bytes("{\"maxBytes\":1e999999999}"));
            bodies.add(bytes("{\"maxBytes\":1E-999999999}"));
            bodies.add(bytes("{\"maxBytes\":-1e999999999}"));
            bodies.add(bytes("{\"name\":\"" + "\\u0041".repeat(10_000) + "\"}"));
            bodies.add(bytes("{" + java.util.stream.IntStream.range(0, 5000).mapToObj(i -> "\"k" + i + "\":" + i)
                    .collect(Collectors.joining(",")) + "}"));
            // invalid UTF-8 and odd encodings
            bodies.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
            bodies.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xc0, (byte) 0xae, '"', '}'});
            bodies.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'});
            bodies.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'a', (byte) 0xe2, (byte) 0x80, '"', '}'});
            bodies.add(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'N', '"', '}'});
            bodies.add(new byte[] {(byte) 0xfe, (byte) 0xff, 0, '{', 0, '}'});
            bodies.add("{\"name\":\"NOT A NAME\"}".getBytes(StandardCharsets.UTF_16));
            bodies.add("{\"name\":\"NOT A NAME\"}".getBytes(StandardCharsets.UTF_16LE));
            bodies.add(new byte[] {(byte) 0x00, (byte) 0x00, (byte) 0x00, '{'});
            for (Endpoint endpoint : Endpoint.values()) {
                if (!endpoint.hasBody()) {
                    continue;
                }
                for (byte[] body : bodies) {
                    // over 64 KiB: half declared with Content-Length (client), half chunked (socket)
                    boolean chunked = body.length > 64 * 1024 && random.nextBoolean();
                    List<String[]> headers = json(ADMIN_TOKEN);
                    if (chunked) {
                        headers.add(new String[] {"Transfer-Encoding", "chunked"});
                    }
                    add(endpoint, chunked ? "body-chunked" : "body", endpoint.bodyMethod(), endpoint.path(scenario), headers,
                            body, chunked, endpoint != Endpoint.REVALIDATE);
                }
            }
        }

        /** Every field of every body with values of the wrong type, range, or hostile content. */
        private void typeAbuse() {
            List<String> wrongForString = List.of("1", "-1", "1.5", "true", "false", "null", "[]", "{}", "[\"x\"]",
                    "{\"x\":1}", "1e400", "[null]");
            List<String> badNames = List.of("\"\"", "\" \"", "\"NOT A NAME\"", "\"ACME\"", "\"-a\"", "\"a-\"",
                    "\"a_b\"", "\"a.b\"", "\"" + "a".repeat(64) + "\"", "\"" + "a".repeat(10_000) + "\"",
                    "\"\\u202eabc\"", "\"a\\u200bb\"", "\"\uD83D\uDE00\"", "\"a\\u0000b\"", "\"\\ud800\"",
                    "\"\\udfff\"", "\"a\\r\\nX-Injected: 1\"", "\"' or 1=1--\"", "\"x'); drop table organization;--\"",
                    "\"%00\"", "\"../../etc/passwd\"", "\"%2e%2e%2f\"", "\"${jndi:ldap://x/a}\"", "\"<script>\"",
                    "\"\\ufeffabc\"", "\"\\u0430bc\"", "\"a\\tb\"", "\"a b\"");
            List<String> badMaxBytes = List.of("-1", "0", "1", "10485759", "-9223372036854775808",
                    "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1.5", "1e3", "1E+7",
                    "10485760.5", "1e20", "-0.0", "\"104857600\"", "true", "[]", "{}", "[104857600]", "1e999999999",
                    "1e-999999999", "2e18", "4.611686018427388E18", "-1e18");
            List<String> badBooleans = List.of("\"true\"", "\"false\"", "1", "0", "\"yes\"", "[]", "{}", "[true]",
                    "\"TRUE\"", "1.0");
            List<String> badCredentials = List.of("\"x\"", "1", "true", "[]", "[{}]", "\"{\\\"username\\\":\\\"u\\\"}\"");
            List<String> badProviders = List.of("\"oci\"", "\"Inline\"", "\"INLINE \"", "\" INLINE\"", "\"S3\"",
                    "\"INLINE\\u0000\"", "\"INL\\u0130NE\"", "\"\"", "\"AWS-S3' or 1=1--\"", "\"\\u202eENILNI\"");

            // orgs and tokens: {"name": hostile}
            for (Endpoint endpoint : List.of(Endpoint.ORGS, Endpoint.TOKENS)) {
                for (String name : concat(badNames, wrongForString)) {
                    add(endpoint, "field", "POST", endpoint.path(scenario), json(ADMIN_TOKEN), bytes("{\"name\":" + name + "}"),
                            false, true);
                }
                add(endpoint, "field", "POST", endpoint.path(scenario), json(ADMIN_TOKEN), bytes("{}"), false, true);
                add(endpoint, "field", "POST", endpoint.path(scenario), json(ADMIN_TOKEN),
                        bytes("{\"name\":\"" + fresh("extra") + "\",\"admin\":true}"), false, true);
                // duplicate keys: whichever copy a lenient parser keeps, one of them is a fresh valid name
                add(endpoint, "duplicate-key", "POST", endpoint.path(scenario), json(ADMIN_TOKEN),
                        bytes("{\"name\":\"NOT A NAME\",\"name\":\"" + fresh("dup") + "\"}"), false, true);
                add(endpoint, "duplicate-key", "POST", endpoint.path(scenario), json(ADMIN_TOKEN),
                        bytes("{\"name\":\"" + fresh("dup") + "\",\"name\":\"NOT A NAME\"}"), false, true);
                add(endpoint, "duplicate-key", "POST", endpoint.path(scenario), json(ADMIN_TOKEN),
                        bytes("{\"name\":\"" + fresh("dup") + "\",\"name\":1}"), false, true);
            }
            // cas-backends create: a fresh valid name, INLINE, and one hostile field
            Map<String, List<String>> createFields = new LinkedHashMap<>();
            createFields.put("name", concat(badNames, wrongForString));
            createFields.put("provider", concat(badProviders, wrongForString));
            List<String> wrongNotNull = wrongForString.stream().filter(v -> !v.equals("null")).toList();
            createFields.put("location", wrongNotNull);
            createFields.put("description", concat(wrongNotNull, List.of("\"" + "d".repeat(1025) + "\"")));
            createFields.put("default", concat(badBooleans, List.of()));
            createFields.put("fallback", badBooleans);
            createFields.put("maxBytes", badMaxBytes);
            createFields.put("credentials", badCredentials);
            createFields.put("unknown", List.of("1", "null", "\"x\""));
            createFields.forEach((field, values) -> {
                for (String value : values) {
                    StringBuilder body = new StringBuilder("{");
                    if (!field.equals("name")) {
                        body.append("\"name\":\"").append(fresh("b")).append("\",");
                    }
                    if (!field.equals("provider")) {
                        body.append("\"provider\":\"INLINE\",");
                    }
                    body.append('"').append(field).append("\":").append(value).append('}');
                    add(Endpoint.BACKENDS, "field", "POST", Endpoint.BACKENDS.path(scenario), json(ADMIN_TOKEN),
                            bytes(body.toString()), false, true);
                }
            });
            // null everywhere, both roles, required fields missing, immutable on patch
            for (String body : List.of("{\"name\":null,\"provider\":\"INLINE\"}", "{\"name\":\"" + fresh("b")
                    + "\",\"provider\":null}", "{\"name\":null,\"provider\":null,\"location\":null,\"credentials\":null}",
                    "{\"provider\":\"INLINE\"}", "{\"name\":\"" + fresh("b") + "\"}",
                    "{\"name\":\"" + fresh("b") + "\",\"provider\":\"INLINE\",\"default\":true,\"fallback\":true}",
                    "{\"name\":\"" + fresh("b") + "\",\"provider\":\"INLINE\",\"provider\":\"nope\"}",
                    "{\"name\":\"" + fresh("b") + "\",\"provider\":\"nope\",\"provider\":\"INLINE\"}",
                    "{\"name\":\"" + scenario.backend() + "\",\"provider\":\"INLINE\"}",
                    "{\"name\":\"" + fresh("b") + "\",\"provider\":\"OCI\",\"location\":\"../../etc\",\"credentials\":\"x\"}",
                    "{\"name\":\"" + fresh("b") + "\",\"provider\":\"AWS-S3\",\"location\":\"' or 1=1--\",\"credentials\":[]}",
                    "{\"name\":\"" + fresh("b") + "\",\"provider\":\"AzureBlob\",\"location\":\"a/b\",\"credentials\":1}")) {
                add(Endpoint.BACKENDS, "field", "POST", Endpoint.BACKENDS.path(scenario), json(ADMIN_TOKEN), bytes(body), false,
                        true);
            }
            // patch: one hostile field on the real backend
            Map<String, List<String>> patchFields = new LinkedHashMap<>();
            patchFields.put("description", concat(wrongForString.stream().filter(v -> !v.equals("null")).toList(),
                    List.of("\"" + "d".repeat(1025) + "\"")));
            patchFields.put("default", badBooleans);
            patchFields.put("fallback", badBooleans);
            patchFields.put("maxBytes", badMaxBytes);
            patchFields.put("credentials", badCredentials);
            patchFields.put("name", List.of("\"renamed\"", "null", "1"));
            patchFields.put("provider", List.of("\"OCI\"", "null"));
            patchFields.put("location", List.of("\"x\"", "null"));
            patchFields.put("id", List.of("\"00000000-0000-0000-0000-000000000000\""));
            patchFields.put("validationStatus", List.of("\"OK\"", "\"Invalid\""));
            patchFields.forEach((field, values) -> {
                for (String value : values) {
                    add(Endpoint.BACKEND, "field", "PATCH", Endpoint.BACKEND.path(scenario), json(ADMIN_TOKEN),
                            bytes("{\"" + field + "\":" + value + "}"), false, true);
                }
            });
            webhookFieldAbuse(wrongForString);
            for (String body : List.of("{\"description\":null,\"maxBytes\":\"x\"}",
                    "{\"default\":null,\"fallback\":null,\"credentials\":\"x\"}", "{\"default\":true,\"fallback\":true}",
                    "{\"description\":\"x\",\"description\":1}", "{\"maxBytes\":512000,\"maxBytes\":-1}")) {
                add(Endpoint.BACKEND, "field", "PATCH", Endpoint.BACKEND.path(scenario), json(ADMIN_TOKEN), bytes(body), false,
                        true);
            }
        }

        /** Webhooks: every field with values of the wrong type, and URLs the shape or the outbound policy refuses. */
        private void webhookFieldAbuse(List<String> wrongForString) {
            List<String> badUrls = List.of("\"\"", "\" \"", "\"hooks.example.com/in\"", "\"ftp://hooks.example.com/\"",
                    "\"file:///etc/passwd\"", "\"javascript:alert(1)\"", "\"https://user:pw@hooks.example.com/\"",
                    "\"https://hooks.example.com/#frag\"", "\"https:///nohost\"", "\"http://hooks.example.com/in\"",
                    "\"https://127.0.0.1/in\"", "\"https://localhost/in\"", "\"https://[::1]/in\"", "\"https://0x7f.1/\"",
                    "\"https://169.254.169.254/latest/meta-data\"", "\"https://10.0.0.1/\"", "\"https://[fe80::1%25eth0]/\"",
                    "\"http://127.0.0.1:" + 1 + "/in\"", "\"https://hooks.example.com/" + "a".repeat(3000) + "\"",
                    "\"https://h\\u00f6oks.example.com/\"", "\"https://hooks.example.com/a b\"", "\"https://a..b/\"",
                    "\"https://hooks.example.com:99999/\"", "\"https://hooks.example.com:-1/\"",
                    "\"\\u202ehttps://hooks.example.com/\"", "\"https://hooks.example.com/\\r\\nX-Injected: 1\"",
                    "\"${jndi:ldap://x/a}\"");
            List<String> badEvents = List.of("[]", "[\"backend.deleted\"]", "\"backend.status-changed\"", "[1]", "[null]",
                    "[[\"backend.status-changed\"]]", "[{}]", "{}", "1", "true", "[\"BACKEND.STATUS-CHANGED\"]",
                    "[\"backend.status-changed\\u0000\"]", "[" + "\"backend.status-changed\",".repeat(2000)
                            + "\"backend.status-changed\"]", "[\"ping\"]");
            Map<String, List<String>> fields = new LinkedHashMap<>();
            fields.put("url", concat(badUrls, wrongForString));
            List<String> wrongNotNull = wrongForString.stream().filter(v -> !v.equals("null")).toList();
            fields.put("events", badEvents);
            fields.put("description", concat(wrongNotNull, List.of("\"" + "d".repeat(1025) + "\"")));
            fields.put("secret", List.of("\"whsec_AAAA\""));
            fields.put("id", List.of("\"00000000-0000-0000-0000-000000000000\""));
            fields.put("unknown", List.of("1", "null", "\"x\""));
            fields.forEach((field, values) -> {
                for (String value : values) {
                    String body = field.equals("url") ? "{\"url\":" + value + "}"
                            : "{\"url\":\"https://hooks.example.com/in\",\"" + field + "\":" + value + "}";
                    add(Endpoint.WEBHOOKS, "field", "POST", Endpoint.WEBHOOKS.path(scenario), json(ADMIN_TOKEN), bytes(body),
                            false, true);
                }
            });
            for (String body : List.of("{}", "{\"url\":null}", "{\"events\":[\"backend.status-changed\"]}",
                    "{\"url\":\"ftp://x/\",\"url\":\"https://hooks.example.com/in\"}")) {
                add(Endpoint.WEBHOOKS, "field", "POST", Endpoint.WEBHOOKS.path(scenario), json(ADMIN_TOKEN), bytes(body),
                        false, true);
            }
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        /** Wrong, missing and odd Content-Type and Accept headers. */
        private void mediaTypeAbuse() {
            List<String> contentTypes = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=utf-16",
                    "application/json; charset=nonsense", "application/json; charset=\"\"", "application/", "/", "*/*",
                    "application/json, text/plain", "application/problem+json", "application/merge-patch+json",
                    "application/json;;;", "APPLICATION/JSON", "application/json; charset=ISO-8859-1", "json",
                    "application/json\u0000", "\u00e9/json", "application/" + "j".repeat(3000),
                    "application/json; boundary=\"unterminated");
            for (Endpoint endpoint : Endpoint.values()) {
                if (!endpoint.hasBody()) {
                    continue;
                }
                byte[] body = bytes(endpoint == Endpoint.BACKEND ? "{\"maxBytes\":-1}" : "{\"name\":\"NOT A NAME\"}");
                for (String type : contentTypes) {
                    boolean raw = type.chars().anyMatch(c -> c < 0x20 || c > 0x7e);
                    add(endpoint, raw ? FRAMING : "content-type", endpoint.bodyMethod(), endpoint.path(scenario),
                            headers("Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", type), body, raw,
                            endpoint != Endpoint.REVALIDATE);
                }
                add(endpoint, "content-type", endpoint.bodyMethod(), endpoint.path(scenario), admin(), body, false,
                        endpoint != Endpoint.REVALIDATE);
                add(endpoint, "content-type", endpoint.bodyMethod(), endpoint.path(scenario),
                        headers("Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/json",
                                "Content-Type", "text/plain"), body, true, endpoint != Endpoint.REVALIDATE);
            }
            List<String> accepts = List.of("application/xml", "text/html", "image/png", "*/*;q=0",
                    "application/json;q=0", "%%%", "application/problem+json", "text/*", "application/json;q=abc",
                    "a".repeat(4000), ";;;", "application/json, */*;q=0.1");
            for (Endpoint endpoint : Endpoint.values()) {
                if (!endpoint.methods.contains("GET")) {
                    continue;
                }
                for (int i = 0; i < 5; i++) {
                    add(endpoint, "accept", "GET", endpoint.path(scenario), admin("Accept", pick(accepts)), null, false, false);
                }
                // an error answered to a client that accepts no JSON
                add(endpoint, "accept", "GET", endpoint.path(scenario), headers("Accept", "text/html"), null, false, false);
            }
        }

        /** Framing the socket writer sends: bad request lines, header syntax, lengths and chunking. */
        private void malformedHttp() {
            for (Endpoint endpoint : Endpoint.values()) {
                String path = endpoint.path(scenario);
                String method = endpoint.hasBody() ? endpoint.bodyMethod() : "GET";
                byte[] body = bytes("{\"name\":\"NOT A NAME\"}");
                String getWithBody = endpoint.hasBody() ? "header" : FRAMING;
                boolean stores = endpoint == Endpoint.ORGS || endpoint == Endpoint.TOKENS
                        || endpoint == Endpoint.BACKENDS || endpoint == Endpoint.BACKEND || endpoint == Endpoint.WEBHOOKS;
                add(endpoint, FRAMING, "GET", path, admin("X-Broken header", "x"), null, true, false);
                // obsolete line folding: Payara 6 unfolds it, Payara 7's Grizzly refuses it (RFC 9112 allows both)
                add(endpoint, FRAMING, "GET", path, admin("X-Folded", "a\r\n folded"), null, true, false);
                add(endpoint, "header", "GET", path, admin("X-Test", "a\\nb\\r\\0"), null, true, false);
                add(endpoint, "header", "GET", path, admin("X-Empty", ""), null, true, false);
                add(endpoint, "header", "GET", path, admin("X-Crlf", "a\r\nX-Injected: 1"), null, true, false);
                add(endpoint, "header", "GET", path, admin("X-Long", "v".repeat(7000)), null, true, false);
                add(endpoint, FRAMING, "GET", path, admin("X-Nul", "a\u0000b"), null, true, false);
                add(endpoint, FRAMING, "GET", path, admin("X-Utf8", utf8("😀 \u202e")), null, true, false);
                add(endpoint, "header", "GET", path, admin("X-Forwarded-For", "' or 1=1--", "X-Forwarded-Host",
                        "evil.example"), null, true, false);
                add(endpoint, FRAMING, method, path, admin("Content-Type", "application/json", "Content-Length", "-1"),
                        body, true, stores);
                add(endpoint, FRAMING, method, path, admin("Content-Type", "application/json", "Content-Length", "abc"),
                        body, true, stores);
                add(endpoint, FRAMING, method, path, admin("Content-Type", "application/json", "Content-Length",
                        "99999999999999999999"), body, true, stores);
                add(endpoint, FRAMING, method, path, admin("Content-Type", "application/json", "Content-Length", "5",
                        "Content-Length", "7"), body, true, stores);
                add(endpoint, getWithBody, method, path, admin("Content-Type", "application/json", "Transfer-Encoding",
                        "gzip, chunked"), body, true, stores);
                add(endpoint, getWithBody, method, path, admin("Content-Type", "application/json", "Expect",
                        "100-continue"), body, true, stores);
                add(endpoint, getWithBody, method, path, admin("Content-Type", "application/json", "Content-Encoding",
                        "gzip"), body, true, stores);
                add(endpoint, "header", "GET", path, admin("X-HTTP-Method-Override", "DELETE"), null, true, false);
                add(endpoint, "header", "GET", path, admin("Host", ""), null, true, false);
            }
        }
    }

}
