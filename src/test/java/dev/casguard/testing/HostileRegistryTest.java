package dev.casguard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.HostileRegistry.Misbehaviour;
import dev.casguard.testing.HostileRegistry.Options;
import dev.casguard.testing.HostileRegistry.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The hostile fixtures do what their names say, seen from a plain client. */
class HostileRegistryTest {

    private static final String USER = "tenant";
    private static final String PASSWORD = "s3cret";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();

    @Test
    void answersTheHappyPathLikeARealRegistryOnOneConnection() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.NONE)) {
            HttpResponse<String> challenge = send(registry, "GET", "/v2/", null);
            assertEquals(401, challenge.statusCode());
            assertEquals(Optional.of("Basic realm=\"hostile\""), challenge.headers().firstValue("WWW-Authenticate"));

            HttpResponse<String> ping = send(registry, "GET", "/v2/", BASIC);
            assertEquals(200, ping.statusCode());
            assertEquals("{}", ping.body());

            HttpResponse<String> upload = send(registry, "POST", "/v2/team/att/blobs/uploads/", BASIC);
            assertEquals(202, upload.statusCode());
            assertEquals(Optional.of("0"), upload.headers().firstValue("Content-Length"));
            String location = upload.headers().firstValue("Location").orElseThrow();
            assertTrue(location.matches("/v2/team/att/blobs/uploads/[0-9a-f-]{36}"), location);

            assertEquals(204, send(registry, "DELETE", location, BASIC).statusCode());
            assertEquals(404, send(registry, "DELETE", location, BASIC).statusCode());

            String wrong = "Basic " + Base64.getEncoder().encodeToString("tenant:wrong".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, send(registry, "GET", "/v2/", wrong).statusCode());
            assertEquals(401, send(registry, "POST", "/v2/team/att/blobs/uploads/", wrong).statusCode());

            assertEquals(List.of("GET /v2/", "GET /v2/", "POST /v2/team/att/blobs/uploads/", "DELETE " + location,
                    "DELETE " + location, "GET /v2/", "POST /v2/team/att/blobs/uploads/"), registry.requests());
            assertEquals(1, registry.connections(), "keep-alive: every request on one connection");
            assertEquals(1, registry.maxInFlight());
        }
    }

    @Test
    void foreignLocationSendsTheUploadElsewhere() throws Exception {
        String elsewhere = "http://127.0.0.1:1/v2/x/blobs/uploads/1";
        try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.FOREIGN_LOCATION,
                Step.UPLOAD, Options.DEFAULTS.withForeignLocation(elsewhere))) {
            assertEquals(200, send(registry, "GET", "/v2/", BASIC).statusCode());
            HttpResponse<String> upload = send(registry, "POST", "/v2/team/att/blobs/uploads/", BASIC);
            assertEquals(202, upload.statusCode());
            assertEquals(List.of(elsewhere), upload.headers().allValues("Location"));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new HostileRegistry(USER, PASSWORD, Misbehaviour.FOREIGN_LOCATION), "no Location given");
    }

    @Test
    void endlessBodyKeepsSendingUntilTheClientCloses() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.ENDLESS_BODY)) {
            HttpResponse<InputStream> response = stream(registry, "/v2/", null);
            assertEquals(401, response.statusCode());
            assertEquals(Optional.of("Basic realm=\"hostile\""), response.headers().firstValue("WWW-Authenticate"));
            assertEquals(Optional.empty(), response.headers().firstValue("Content-Length"));
            assertEquals(Optional.of("close"), response.headers().firstValue("Connection"));
            assertEndless(registry, response.body());
        }
    }

    @Test
    void endlessChunksKeepComing() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.ENDLESS_CHUNKED)) {
            HttpResponse<InputStream> response = stream(registry, "/v2/", null);
            assertEquals(401, response.statusCode());
            assertEquals(Optional.of("chunked"), response.headers().firstValue("Transfer-Encoding"));
            assertEndless(registry, response.body());
        }
    }

    @Test
    void endlessBodyOnA200() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.ENDLESS_BODY,
                Step.AUTHENTICATED_PING, Options.DEFAULTS)) {
            assertEquals(401, send(registry, "GET", "/v2/", null).statusCode(), "the unauthenticated ping behaves");
            HttpResponse<InputStream> response = stream(registry, "/v2/", BASIC);
            assertEquals(200, response.statusCode());
            assertEndless(registry, response.body());
        }
        // or on the unauthenticated ping, answered as an anonymous registry would
        try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.ENDLESS_BODY,
                Step.PING, Options.DEFAULTS.withStatus(200))) {
            HttpResponse<InputStream> response = stream(registry, "/v2/", null);
            assertEquals(200, response.statusCode());
            assertEndless(registry, response.body());
        }
    }

    @Test
    void drippingBodySendsTheHeadAtOnceThenAByteAtATime() throws Exception {
        Options drip20 = Options.DEFAULTS.withDrip(Duration.ofMillis(20));
        try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.DRIPPING_BODY, Step.PING,
                drip20); Socket client = rawGet(registry, "/v2/")) {
            InputStream in = client.getInputStream();
            long start = System.nanoTime();
            String head = readHead(in);
            assertTrue(elapsed(start).toMillis() < 1000, "head at once");
            assertTrue(head.startsWith("HTTP/1.1 401 "), head);
            assertTrue(head.contains("\r\nContent-Length: 100000\r\n"), head);
            assertTrue(head.contains("\r\nWWW-Authenticate: Basic realm=\"hostile\"\r\n"), head);

            start = System.nanoTime();
            byte[] first = in.readNBytes(11);
            // the first body byte may have left with the head; the other ten came 20 ms apart
            assertTrue(elapsed(start).toMillis() >= 9 * 20, "11 bytes took " + elapsed(start));
            assertEquals("{\"errors\":[", new String(first, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void drippingHeadersSendsTheHeadAByteAtATime() throws Exception {
        Options drip5 = Options.DEFAULTS.withDrip(Duration.ofMillis(5));
        try (HostileRegistry registry = new HostileRegistry(0, USER, PASSWORD, Misbehaviour.DRIPPING_HEADERS,
                Step.PING, drip5); Socket client = rawGet(registry, "/v2/")) {
            long start = System.nanoTime();
            String head = readHead(client.getInputStream());
            Duration took = elapsed(start);
            assertTrue(head.startsWith("HTTP/1.1 401 "), head);
            assertTrue(took.toMillis() >= (head.length() - 2) * 5L, head.length() + " bytes took " + took);
            String contentLength = head.lines().filter(l -> l.startsWith("Content-Length: ")).findFirst().orElseThrow();
            byte[] body = client.getInputStream().readNBytes(Integer.parseInt(contentLength.substring(16)));
            assertTrue(new String(body, StandardCharsets.UTF_8).contains("UNAUTHORIZED"));
        }
    }

    @Test
    void oversizedChallengeHasAHugeQuotedRealm() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.OVERSIZED_CHALLENGE);
                Socket client = rawGet(registry, "/v2/")) {
            String head = readHead(client.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 401 "), head.substring(0, 40));
            String challenge = head.lines().filter(l -> l.startsWith("WWW-Authenticate: ")).findFirst().orElseThrow();
            String realm = challenge.substring("WWW-Authenticate: Bearer realm=\"".length(), challenge.length() - 1);
            assertTrue(challenge.startsWith("WWW-Authenticate: Bearer realm=\"") && challenge.endsWith("\""));
            assertEquals(200_000, realm.length());
            assertTrue(realm.contains("\\\""), "escaped quotes mixed in");
            assertTrue(realm.replace("\\\"", "").chars().allMatch(ch -> ch == 'a'), "only a and \\\"");
        }
        assertEquals(5, HostileRegistry.oversizedRealm(5).length());
        assertFalse(HostileRegistry.oversizedRealm(999).endsWith("\\"), "no dangling escape");
    }

    @Test
    void hugeHeadersAreTenThousandHundredByteLines() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.HUGE_HEADERS);
                Socket client = rawGet(registry, "/v2/")) {
            String head = readHead(client.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 401 "), head.substring(0, 40));
            List<String> hostile = head.lines().filter(l -> l.startsWith("X-Hostile-")).toList();
            assertEquals(10_000, hostile.size());
            assertTrue(hostile.stream().allMatch(l -> l.length() == 100));
            assertTrue(head.contains("\r\nWWW-Authenticate: Basic realm=\"hostile\"\r\n"));
        }
    }

    @Test
    void misbehaviourChangesWhileRunning() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.NONE)) {
            assertEquals(Optional.of("Basic realm=\"hostile\""),
                    send(registry, "GET", "/v2/", null).headers().firstValue("WWW-Authenticate"));
            registry.misbehave(Misbehaviour.OVERSIZED_CHALLENGE);
            String challenge = send(registry, "GET", "/v2/", null).headers().firstValue("WWW-Authenticate").orElseThrow();
            assertTrue(challenge.startsWith("Bearer realm=\"aaa"), challenge.substring(0, 20));
            registry.misbehave(Misbehaviour.NONE);
            assertEquals(200, send(registry, "GET", "/v2/", BASIC).statusCode());
            assertEquals(1, registry.connections());
        }
    }

    @Test
    void countsConnectionsOpenAtOnce() throws Exception {
        try (HostileRegistry registry = new HostileRegistry(USER, PASSWORD, Misbehaviour.NONE)) {
            Socket a = connect(registry.port());
            Socket b = connect(registry.port());
            Socket c = connect(registry.port());
            Eventually.waitFor(WAIT, () -> registry.inFlight() == 3);
            a.close();
            b.close();
            Eventually.waitFor(WAIT, () -> registry.inFlight() == 1);
            Socket d = connect(registry.port());
            Eventually.waitFor(WAIT, () -> registry.inFlight() == 2);
            assertEquals(4, registry.connections());
            assertEquals(3, registry.maxInFlight());
            registry.close();
            // closing the registry closes what was still open
            c.setSoTimeout(5000);
            d.setSoTimeout(5000);
            assertEquals(-1, c.getInputStream().read());
            assertEquals(-1, d.getInputStream().read());
            Eventually.waitFor(WAIT, () -> registry.inFlight() == 0);
            c.close();
            d.close();
        }
    }

    @Test
    void connectionCounterCountsAndRecordsFirstLines() throws Exception {
        try (ConnectionCounter counter = new ConnectionCounter(0);
                ConnectionCounter other = new ConnectionCounter(InetAddress.getByName("127.0.0.2"), 0)) {
            assertTrue(counter.hostAndPort().startsWith("127.0.0.1:"));
            assertTrue(other.hostAndPort().startsWith("127.0.0.2:"));
            try (Socket client = connect(counter.port())) {
                // only the line it reads: unread bytes would make its close a reset
                client.getOutputStream().write("GET /v2/ HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                client.setSoTimeout(5000);
                assertEquals(-1, client.getInputStream().read(), "closed without an answer");
            }
            try (Socket silent = new Socket(other.address(), other.port())) {
                assertEquals(-1, silent.getInputStream().read(), "closed after its second of silence");
            }
            assertEquals(1, counter.accepted());
            assertEquals(List.of("GET /v2/ HTTP/1.1"), counter.firstLines());
            assertEquals(1, other.accepted());
            assertEquals(List.of(), other.firstLines());
        }
        assertThrows(IllegalArgumentException.class, () -> new ConnectionCounter(InetAddress.getByName("192.0.2.1"), 0));
    }

    @Test
    void tlsRegistryIsTrustedThroughItsCaOnly() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "certificate-authorities")), "ca-");
        TestCertificateAuthority ca = TestCertificateAuthority.create(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (RegistryServer registry = RegistryServer.basicTls(port, USER, PASSWORD, ca.serverCertPem(),
                ca.serverKeyPem())) {
            HttpRequest ping = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v2/"))
                    .header("Authorization", BASIC).timeout(WAIT).build();
            HttpClient trusting = HttpClient.newBuilder().sslContext(ca.clientContext()).connectTimeout(WAIT).build();
            HttpResponse<String> answer = trusting.send(ping, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals("{}", answer.body());

            HttpClient defaults = HttpClient.newBuilder().connectTimeout(WAIT).build();
            assertThrows(SSLHandshakeException.class, () -> defaults.send(ping, HttpResponse.BodyHandlers.discarding()));
        }
    }

    private HttpResponse<String> send(HostileRegistry registry, String method, String path, String authorization)
            throws IOException, InterruptedException {
        return http.send(request(registry, method, path, authorization), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<InputStream> stream(HostileRegistry registry, String path, String authorization)
            throws IOException, InterruptedException {
        return http.send(request(registry, "GET", path, authorization), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static HttpRequest request(HostileRegistry registry, String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(WAIT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    /** Reads over 10 MB of the body, closes it, and sees the registry notice and stop. */
    private static void assertEndless(HostileRegistry registry, InputStream body) throws Exception {
        long read = 0;
        byte[] buffer = new byte[64 * 1024];
        try (body) {
            while (read <= 10 * 1024 * 1024) {
                int n = body.read(buffer);
                assertTrue(n > 0, "the body ended after " + read + " bytes");
                read += n;
            }
        }
        assertTrue(registry.bytesWritten() > 10 * 1024 * 1024, registry.bytesWritten() + " bytes written");
        Eventually.waitFor(WAIT, () -> registry.inFlight() == 0);
        long afterClose = registry.bytesWritten();
        Thread.sleep(100);
        assertEquals(afterClose, registry.bytesWritten(), "stopped writing once the client closed");
    }

    private static Socket rawGet(HostileRegistry registry, String path) throws IOException {
        Socket client = connect(registry.port());
        client.setSoTimeout(5000);
        client.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return client;
    }

    private static Socket connect(int port) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    /** The status line and headers up to the blank line, as ISO-8859-1 text with its CR LFs. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside the head: " + head.size() + " bytes");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
