package dev.casguard.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant registry that answers the three distribution v2 checks (ping, upload session, cancel)
 * like a real one with Basic authentication, except for one {@link Misbehaviour} on one
 * {@link Step}: the registry a client must survive without hanging, buffering without bound or
 * being sent elsewhere. Plain sockets rather than the JDK's HttpServer, because unframed,
 * dripping and oversized answers are exactly what HttpServer will not write.
 *
 * <p>HTTP/1.1 with keep-alive, a daemon thread per connection, loopback only. Requests are parsed
 * just enough (request line, headers, a Content-Length body) and within small limits of its own.
 */
public final class HostileRegistry implements AutoCloseable {

    /** What the registry does wrong on its chosen step. */
    public enum Misbehaviour {
        /** Nothing: the happy path. */
        NONE(Step.PING),
        /** The upload session's 202 sends an absolute {@code Location} on another server. */
        FOREIGN_LOCATION(Step.UPLOAD),
        /** No Content-Length, {@code Connection: close}, then bytes as fast as it can, forever. */
        ENDLESS_BODY(Step.PING),
        /** {@code Transfer-Encoding: chunked}, then chunks forever. */
        ENDLESS_CHUNKED(Step.PING),
        /** The head at once with {@code Content-Length: 100000}, then the body a byte per drip. */
        DRIPPING_BODY(Step.PING),
        /** The status line and headers a byte per drip, then the body at once. */
        DRIPPING_HEADERS(Step.PING),
        /** A 401 whose {@code WWW-Authenticate: Bearer realm="..."} value is huge. */
        OVERSIZED_CHALLENGE(Step.PING),
        /** The step's answer with 10,000 extra headers of 100 bytes each. */
        HUGE_HEADERS(Step.PING);

        private final Step defaultStep;

        Misbehaviour(Step defaultStep) {
            this.defaultStep = defaultStep;
        }

        /** The step it applies to unless another is chosen. */
        public Step defaultStep() {
            return defaultStep;
        }
    }

    /** The requests a registry check makes, each with what a real registry answers. */
    public enum Step {
        /** {@code GET /v2/} without good credentials: 401 with the Basic challenge. */
        PING,
        /** {@code GET /v2/} with good Basic credentials: 200 {@code {}}. */
        AUTHENTICATED_PING,
        /** {@code POST /v2/<repo>/blobs/uploads/} with good credentials: 202 with the session's Location. */
        UPLOAD,
        /** {@code DELETE /v2/<repo>/blobs/uploads/<uuid>} with good credentials: 204 (404 if unknown). */
        CANCEL,
        /**
         * {@code GET /token?...} with good Basic credentials, on a registry with token auth
         * ({@link #withTokenAuth}): 200 with a JSON token that the other steps then accept.
         */
        TOKEN
    }

    /**
     * Tuning of the misbehaviours: the interval between dripped bytes, the length of the oversized
     * challenge's quoted realm, the absolute Location of {@link Misbehaviour#FOREIGN_LOCATION} and a
     * status that replaces the misbehaving step's own (0 keeps it; e.g. 200 for an endless body on
     * an unauthenticated ping).
     */
    public record Options(Duration drip, int challengeLength, String foreignLocation, int status) {

        public static final Options DEFAULTS = new Options(Duration.ofSeconds(1), 200_000, null, 0);

        public Options {
            if (drip.isNegative() || challengeLength < 0 || (status != 0 && (status < 100 || status > 599))) {
                throw new IllegalArgumentException("drip " + drip + ", challenge length " + challengeLength
                        + ", status " + status);
            }
        }

        public Options withDrip(Duration drip) {
            return new Options(drip, challengeLength, foreignLocation, status);
        }

        public Options withChallengeLength(int challengeLength) {
            return new Options(drip, challengeLength, foreignLocation, status);
        }

        public Options withForeignLocation(String foreignLocation) {
            return new Options(drip, challengeLength, foreignLocation, status);
        }

        public Options withStatus(int status) {
            return new Options(drip, challengeLength, foreignLocation, status);
        }
    }

    public static final String REALM = "hostile";
    public static final String TOKEN = "hostile-token";
    public static final int DRIPPING_BODY_LENGTH = 100_000;
    public static final int HUGE_HEADER_COUNT = 10_000;

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_BODY = 1024 * 1024;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/");
    private static final Pattern SESSION = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)");
    private static final byte[] FILLER = filler(64 * 1024);

    private record Plan(Misbehaviour misbehaviour, Step step) {
    }

    private record Request(String method, String target, String path, Map<String, String> headers, boolean close) {
    }

    /** A status, its headers ("Name: value") and body, before framing (Content-Length is added when written). */
    private static final class Answer {
        int status;
        final List<String> headers = new ArrayList<>();
        byte[] body = new byte[0];
        boolean close;

        Answer(int status, String... headers) {
            this.status = status;
            this.headers.add("Docker-Distribution-Api-Version: registry/2.0");
            this.headers.addAll(Arrays.asList(headers));
        }

        Answer json(String json) {
            headers.add("Content-Type: application/json; charset=utf-8");
            body = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        void replace(String name, String value) {
            headers.removeIf(header -> header.regionMatches(true, 0, name + ":", 0, name.length() + 1));
            headers.add(name + ": " + value);
        }
    }

    /** The request could not be read within the limits; answered with {@code status} and closed. */
    private static final class Refused extends IOException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final ServerSocket server;
    private final String expectedAuthorization;
    private volatile boolean tokenAuth;
    private final Options options;
    private volatile Plan plan;
    private volatile boolean closed;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requestsInFlight = new AtomicInteger();
    private final AtomicInteger maxRequestsInFlight = new AtomicInteger();
    private final AtomicLong bytesWritten = new AtomicLong();

    /** On an ephemeral port of 127.0.0.1, misbehaving on the misbehaviour's default step. */
    public HostileRegistry(String user, String password, Misbehaviour misbehaviour) throws IOException {
        this(0, user, password, misbehaviour, misbehaviour.defaultStep(), Options.DEFAULTS);
    }

    /** On 127.0.0.1:{@code port} (0 for an ephemeral one). */
    public HostileRegistry(int port, String user, String password, Misbehaviour misbehaviour, Step step,
            Options options) throws IOException {
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.options = options;
        this.plan = plan(misbehaviour, step);
        this.server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptForever, "hostile-registry-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Changes the misbehaviour, at its default step, from the next request on. */
    public void misbehave(Misbehaviour misbehaviour) {
        misbehave(misbehaviour, misbehaviour.defaultStep());
    }

    /** Changes the misbehaviour and its step from the next request on. */
    public void misbehave(Misbehaviour misbehaviour, Step step) {
        this.plan = plan(misbehaviour, step);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT/REPOSITORY}, as a casguard OCI location. */
    public String location(String repository) {
        return "127.0.0.1:" + port() + "/" + repository;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Every request read so far, as {@code METHOD TARGET} (e.g. {@code GET /v2/}), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Connections open right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most connections that were open at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /**
     * The most requests being answered at once: what a client had under way here, without the
     * connections it tried TLS on or was closing while it opened its next one.
     */
    public int maxRequestsInFlight() {
        return maxRequestsInFlight.get();
    }

    /** Bytes written to clients so far, heads and bodies of every answer. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Closes the listening socket and every open connection. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket connection : open) {
            connection.close();
        }
    }

    private Plan plan(Misbehaviour misbehaviour, Step step) {
        if (misbehaviour == Misbehaviour.FOREIGN_LOCATION) {
            if (step != Step.UPLOAD) {
                throw new IllegalArgumentException("a foreign Location only exists on the upload step, not " + step);
            }
            if (options.foreignLocation() == null) {
                throw new IllegalArgumentException("FOREIGN_LOCATION needs Options.withForeignLocation(...)");
            }
        }
        return new Plan(misbehaviour, step);
    }

    private void acceptForever() {
        while (!closed) {
            Socket connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(connection);
            connections.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            if (closed) {
                // close() may have run between accept and add
                closeQuietly(connection);
            }
            Thread serving = new Thread(() -> serve(connection), "hostile-registry-" + port() + "-" + connections());
            serving.setDaemon(true);
            serving.start();
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = new BufferedOutputStream(new Counting(connection.getOutputStream()), 64 * 1024);
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                Request request;
                try {
                    request = read(in);
                } catch (Refused e) {
                    Answer refusal = new Answer(e.status).json(error("UNSUPPORTED", e.getMessage()));
                    refusal.close = true;
                    writeFramed(refusal, out);
                    return;
                }
                if (request == null) {
                    return;
                }
                requests.add(request.method() + " " + request.target());
                maxRequestsInFlight.accumulateAndGet(requestsInFlight.incrementAndGet(), Math::max);
                try {
                    keepAlive = answer(request, out, connection) && !request.close();
                } finally {
                    requestsInFlight.decrementAndGet();
                }
            }
        } catch (IOException e) {
            // the client went away, the idle timeout struck, or the registry was closed
        } finally {
            open.remove(connection);
            inFlight.decrementAndGet();
        }
    }

    /** Answers one request; false if the connection must close afterwards. */
    private boolean answer(Request request, OutputStream out, Socket client) throws IOException {
        boolean authorized = tokenAuth ? ("Bearer " + TOKEN).equals(request.headers().get("authorization"))
                : basicAuthorized(request);
        Step step = null;
        Answer answer;
        Matcher upload = UPLOAD.matcher(request.path());
        Matcher session = SESSION.matcher(request.path());
        if (request.method().equals("GET") && request.path().equals("/v2/")) {
            step = authorized ? Step.AUTHENTICATED_PING : Step.PING;
            answer = authorized ? new Answer(200).json("{}") : challenge();
        } else if (request.method().equals("GET") && request.path().equals("/token")) {
            step = Step.TOKEN;
            answer = basicAuthorized(request) ? new Answer(200).json("{\"token\":\"" + TOKEN + "\"}")
                    : new Answer(401).json(error("UNAUTHORIZED", "bad credentials"));
        } else if (request.method().equals("POST") && upload.matches()) {
            if (authorized) {
                step = Step.UPLOAD;
                String uuid = UUID.randomUUID().toString();
                sessions.add(upload.group(1) + "/" + uuid);
                answer = new Answer(202, "Location: /v2/" + upload.group(1) + "/blobs/uploads/" + uuid,
                        "Docker-Upload-UUID: " + uuid, "Range: 0-0");
            } else {
                answer = challenge();
            }
        } else if (request.method().equals("DELETE") && session.matches()) {
            if (authorized) {
                step = Step.CANCEL;
                answer = sessions.remove(session.group(1) + "/" + session.group(2))
                        ? new Answer(204)
                        : new Answer(404).json(error("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry"));
            } else {
                answer = challenge();
            }
        } else {
            answer = new Answer(404).json(error("NOT_FOUND", "no such route on this registry"));
        }

        Plan current = plan;
        if (step != current.step() || current.misbehaviour() == Misbehaviour.NONE) {
            return writeFramed(answer, out);
        }
        return writeMisbehaving(current.misbehaviour(), answer, out, client);
    }

    private boolean writeMisbehaving(Misbehaviour misbehaviour, Answer answer, OutputStream out, Socket client)
            throws IOException {
        if (options.status() != 0) {
            answer.status = options.status();
        }
        switch (misbehaviour) {
            case FOREIGN_LOCATION -> {
                answer.replace("Location", options.foreignLocation());
                return writeFramed(answer, out);
            }
            case OVERSIZED_CHALLENGE -> {
                Answer oversized = challenge();
                oversized.status = options.status() != 0 ? options.status() : 401;
                oversized.replace("WWW-Authenticate", "Bearer realm=\"" + oversizedRealm(options.challengeLength()) + "\"");
                return writeFramed(oversized, out);
            }
            case HUGE_HEADERS -> {
                for (int i = 0; i < HUGE_HEADER_COUNT; i++) {
                    // "X-Hostile-00000: " is 17 bytes; 83 more make each header line 100 bytes before CRLF
                    answer.headers.add(String.format(Locale.ROOT, "X-Hostile-%05d: %s", i, "h".repeat(83)));
                }
                return writeFramed(answer, out);
            }
            case DRIPPING_HEADERS -> {
                drip(head(answer, "Content-Length: " + answer.body.length), out, client);
                out.write(answer.body);
                out.flush();
                return true;
            }
            case DRIPPING_BODY -> {
                byte[] body = Arrays.copyOf(answer.body, Math.max(DRIPPING_BODY_LENGTH, answer.body.length));
                Arrays.fill(body, answer.body.length, body.length, (byte) ' ');
                out.write(head(answer, "Content-Length: " + body.length));
                out.flush();
                drip(body, out, client);
                return true;
            }
            case ENDLESS_BODY -> {
                out.write(head(answer, "Connection: close"));
                out.write("{\"detail\":\"".getBytes(StandardCharsets.US_ASCII));
                while (!closed) {
                    out.write(FILLER);
                    out.flush();
                }
                return false;
            }
            case ENDLESS_CHUNKED -> {
                out.write(head(answer, "Transfer-Encoding: chunked"));
                byte[] chunkHead = (Integer.toHexString(FILLER.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                while (!closed) {
                    out.write(chunkHead);
                    out.write(FILLER);
                    out.write('\r');
                    out.write('\n');
                    out.flush();
                }
                return false;
            }
            default -> throw new IllegalStateException("unhandled " + misbehaviour);
        }
    }

    /**
     * Waits one drip on the client's side of the connection rather than asleep, so that a client
     * that gives up is seen at once and its connection stops counting as in flight (a write to a
     * closed peer would only fail a drip or two later, overlapping the client's next try).
     */
    private void pause(Socket client) throws IOException {
        client.setSoTimeout((int) Math.max(1, options.drip().toMillis()));
        try {
            if (client.getInputStream().read() == -1) {
                throw new IOException("the client closed the connection");
            }
            // a byte while an answer is under way: clients here do not pipeline; it is dropped
        } catch (SocketTimeoutException e) {
            // the drip passed with the client still there
        } finally {
            client.setSoTimeout(IDLE_TIMEOUT_MILLIS);
        }
    }

    /** Writes {@code bytes} one at a time, the first at once and each next after the drip. */
    private void drip(byte[] bytes, OutputStream out, Socket client) throws IOException {
        for (int i = 0; i < bytes.length; i++) {
            if (closed) {
                throw new IOException("registry closed");
            }
            if (i > 0) {
                pause(client);
            }
            out.write(bytes[i]);
            out.flush();
        }
    }

    /** Writes the answer with ordinary framing; true if the connection may stay open. */
    private static boolean writeFramed(Answer answer, OutputStream out) throws IOException {
        List<String> framing = new ArrayList<>();
        if (answer.status != 204 && answer.status >= 200) {
            framing.add("Content-Length: " + answer.body.length);
        }
        if (answer.close) {
            framing.add("Connection: close");
        }
        out.write(head(answer, framing.toArray(String[]::new)));
        if (answer.status != 204) {
            out.write(answer.body);
        }
        out.flush();
        return !answer.close;
    }

    private static byte[] head(Answer answer, String... framing) {
        StringBuilder head = new StringBuilder(64 + answer.headers.size() * 104);
        head.append("HTTP/1.1 ").append(answer.status).append(' ').append(reason(answer.status)).append("\r\n");
        for (String header : answer.headers) {
            head.append(header).append("\r\n");
        }
        for (String header : framing) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Answer challenge() {
        String challenge = tokenAuth
                ? "Bearer realm=\"http://127.0.0.1:" + port() + "/token\",service=\"" + REALM + "\""
                : "Basic realm=\"" + REALM + "\"";
        return new Answer(401, "WWW-Authenticate: " + challenge).json(error("UNAUTHORIZED", "authentication required"));
    }

    private boolean basicAuthorized(Request request) {
        return expectedAuthorization.equals(request.headers().get("authorization"));
    }

    /**
     * From the next request on, challenges for a Bearer token from this server's own {@code /token}
     * (the {@link Step#TOKEN} step), as Docker Hub-style registries do, instead of Basic.
     */
    public HostileRegistry withTokenAuth() {
        tokenAuth = true;
        return this;
    }

    private static String error(String code, String message) {
        return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":null}]}\n";
    }

    /** {@code length} characters of 'a' with an escaped quote ({@code \"}) closing every thousand. */
    static String oversizedRealm(int length) {
        StringBuilder realm = new StringBuilder(length);
        while (realm.length() < length) {
            if (realm.length() % 1000 == 998 && length - realm.length() >= 2) {
                realm.append("\\\"");
            } else {
                realm.append('a');
            }
        }
        return realm.toString();
    }

    /** Reads one request; null at a clean end of stream before it. */
    private static Request read(InputStream in) throws IOException {
        String line = readLine(in);
        for (int blank = 0; line != null && line.isEmpty() && blank < 4; blank++) {
            line = readLine(in);  // tolerated before a request line (RFC 9112 section 2.2)
        }
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new Refused(400, "malformed request line");
        }
        Map<String, String> headers = new HashMap<>();
        for (String header = readLine(in); header == null || !header.isEmpty(); header = readLine(in)) {
            if (header == null) {
                throw new IOException("end of stream inside the request head");
            }
            if (headers.size() == MAX_HEADERS) {
                throw new Refused(431, "more than " + MAX_HEADERS + " headers");
            }
            int colon = header.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(header.charAt(0))) {
                throw new Refused(400, "malformed header");
            }
            headers.merge(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).strip(), (first, next) -> first + ", " + next);
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new Refused(501, "request bodies must have a Content-Length");
        }
        long length;
        try {
            length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        } catch (NumberFormatException e) {
            throw new Refused(400, "malformed Content-Length");
        }
        if (length < 0 || length > MAX_BODY) {
            throw new Refused(413, "body over " + MAX_BODY + " bytes");
        }
        in.skipNBytes(length);
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean close = connection.contains("close") || (parts[2].equals("HTTP/1.0") && !connection.contains("keep-alive"));
        int query = parts[1].indexOf('?');
        String path = query < 0 ? parts[1] : parts[1].substring(0, query);
        return new Request(parts[0], parts[1], path, headers, close);
    }

    /** A line without its CR LF, at most {@value #MAX_LINE} bytes; null at end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new IOException("end of stream inside a line");
            }
            if (line.size() == MAX_LINE) {
                throw new Refused(431, "line over " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            default -> "Status " + status;
        };
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Counts what reaches the socket into {@link #bytesWritten}. */
    private final class Counting extends FilterOutputStream {

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytesWritten.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytesWritten.addAndGet(len);
        }
    }
}
