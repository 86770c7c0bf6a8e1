package dev.casguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest OCI registry a push check passes against (open {@code /v2/}, an upload session,
 * its cancellation), whose answers to opening an upload can be scripted one by one, and which
 * counts the upload openings and the most it had in flight at once. For the checker's retry and
 * pacing rules, which a full registry cannot be made to misbehave for.
 */
public final class ScriptedRegistry implements AutoCloseable {

    /** One answer to {@code POST /v2/<repo>/blobs/uploads/}: its status and headers. */
    public record Answer(int status, Map<String, String> headers) {
        public static final Answer ACCEPTED = new Answer(202, Map.of());

        public static Answer of(int status, String... headerPairs) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Answer(status, headers);
        }
    }

    private final ServerSocket server;
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Answer afterScript;
    private volatile Duration uploadLatency;
    private final AtomicInteger uploadsOpened = new AtomicInteger();
    private final Map<String, AtomicInteger> uploadsByRepository = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final ExecutorService connections = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "scripted-registry");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * On {@code port} (0: any free one): the scripted answers first, then {@code afterScript} for
     * every upload opening after them, each after {@code uploadLatency}.
     */
    public ScriptedRegistry(int port, Duration uploadLatency, Answer afterScript, Answer... script) throws IOException {
        this.afterScript = afterScript;
        this.uploadLatency = uploadLatency;
        this.script.addAll(java.util.List.of(script));
        server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        connections.execute(this::acceptForever);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String location(String repository) {
        return "127.0.0.1:" + port() + "/" + repository;
    }

    /** From now on, each upload opening is answered after {@code latency}; the counts start again. */
    public void answerUploadsAfter(Duration latency) {
        uploadLatency = latency;
        uploadsOpened.set(0);
        mostInFlight.set(0);
        uploadsByRepository.clear();
    }

    /** The next upload openings get these answers, in order, before {@code afterScript} again. */
    public void script(Answer... answers) {
        script.addAll(java.util.List.of(answers));
    }

    public int uploadsOpened() {
        return uploadsOpened.get();
    }

    public int mostInFlight() {
        return mostInFlight.get();
    }

    /** Upload openings per repository since the counts last started. */
    public Map<String, Integer> uploadsByRepository() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        uploadsByRepository.forEach((repository, count) -> counts.put(repository, count.get()));
        return counts;
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.execute(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One request per connection; a TLS hello is closed at once, as a plain-HTTP registry does. */
    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && head.size() < 65_536) {
                if (head.size() == 0 && b == 0x16) {
                    return;
                }
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length < 2) {
                return;
            }
            int length = 0;
            for (String line : lines) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            String method = requestLine[0];
            String path = java.net.URI.create(requestLine[1]).getPath();
            Answer answer;
            if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
                answer = openUpload(path);
            } else if (method.equals("GET") && path.equals("/v2/")) {
                answer = new Answer(200, Map.of());
            } else if (method.equals("DELETE")) {
                answer = new Answer(204, Map.of());
            } else {
                answer = new Answer(404, Map.of());
            }
            StringBuilder out = new StringBuilder("HTTP/1.1 " + answer.status() + " Scripted\r\n");
            answer.headers().forEach((name, value) -> out.append(name).append(": ").append(value).append("\r\n"));
            out.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            connection.getOutputStream().write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
            connection.getOutputStream().flush();
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent something this server does not speak: nothing to answer
        }
    }

    private Answer openUpload(String path) {
        int opened = uploadsOpened.incrementAndGet();
        uploadsByRepository.computeIfAbsent(path.substring("/v2/".length(), path.length() - "/blobs/uploads/".length()),
                repository -> new AtomicInteger()).incrementAndGet();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Thread.sleep(uploadLatency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        Answer answer = script.poll();
        if (answer == null) {
            answer = afterScript;
        }
        if (answer.status() != 202) {
            return answer;
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>(answer.headers());
        headers.put("Location", path + "session-" + opened);
        return new Answer(202, headers);
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
