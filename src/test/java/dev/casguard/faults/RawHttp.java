package dev.casguard.faults;

import static dev.casguard.faults.HostileRequests.latin1;
import static dev.casguard.faults.HostileRequests.printable;

import dev.casguard.faults.HostileRequests.Hostile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a {@link Hostile} request to an instance on 127.0.0.1: through java.net.http where it can
 * express the request, else (invalid percent-encoding, raw bytes, odd methods, malformed headers
 * and framing) as hand-written HTTP/1.1 on a socket, one request per connection, the answer read
 * until the server closes, within a bounded time.
 */
final class RawHttp {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RawHttp() {
    }

    /** What came back: a status, headers and body, or why nothing did. */
    static final class Answer {
        int status;
        Map<String, String> headers = new LinkedHashMap<>();
        String body = "";
        String failure;
        boolean heldOpen;
        boolean httpLayerRefusal;

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        String summary() {
            if (failure != null) {
                return "no answer";
            }
            String shown = body.length() > 160 ? body.substring(0, 160) + "..." : body;
            return status + " " + header("Content-Type") + " " + printable(shown);
        }
    }

    static Answer send(int port, Hostile request) {
        if (!request.raw()) {
            try {
                return viaClient(port, request);
            } catch (IllegalArgumentException | UnsupportedOperationException inexpressible) {
                // java.net.http refuses the target, method or header: the socket writer sends it as it is
            }
        }
        return viaSocket(port, request);
    }

    private static Answer viaClient(int port, Hostile request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.target()))
                .timeout(READ_TIMEOUT)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (String[] header : request.headers()) {
            builder.header(header[0], header[1]);
        }
        HttpRequest built = builder.build();
        Answer answer = new Answer();
        try {
            HttpResponse<byte[]> response = HTTP.send(built, HttpResponse.BodyHandlers.ofByteArray());
            answer.status = response.statusCode();
            response.headers().map().forEach((name, values) -> answer.headers.put(name, String.join(", ", values)));
            answer.body = new String(response.body(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            answer.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.failure = "interrupted";
        }
        return answer;
    }

    /** A hand-written HTTP/1.1 request, byte for byte, one per connection; the answer read until the server closes. */
    private static Answer viaSocket(int port, Hostile request) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        boolean chunked = false;
        boolean hasLength = false;
        boolean hasHost = false;
        write(head, request.method() + " " + request.target() + " HTTP/1.1\r\n");
        for (String[] header : request.headers()) {
            write(head, header[0] + ": " + header[1] + "\r\n");
            chunked |= header[0].equalsIgnoreCase("Transfer-Encoding");
            hasLength |= header[0].equalsIgnoreCase("Content-Length");
            hasHost |= header[0].equalsIgnoreCase("Host");
        }
        if (!hasHost) {
            write(head, "Host: 127.0.0.1:" + port + "\r\n");
        }
        if (request.body() != null && !chunked && !hasLength) {
            write(head, "Content-Length: " + request.body().length + "\r\n");
        }
        write(head, "Connection: close\r\n\r\n");
        Answer answer = new Answer();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (request.body() != null) {
                    if (chunked) {
                        byte[] body = request.body();
                        for (int at = 0; at < body.length; at += 8192) {
                            int n = Math.min(8192, body.length - at);
                            out.write(latin1(Integer.toHexString(n) + "\r\n"));
                            out.write(body, at, n);
                            out.write(latin1("\r\n"));
                        }
                        out.write(latin1("0\r\n\r\n"));
                    } else {
                        out.write(request.body());
                    }
                }
                out.flush();
            } catch (IOException refusedMidway) {
                // a server may answer (413, 400) and close before it read everything; its answer still counts
            }
            byte[] raw = readAnswer(socket, request.method().equals("HEAD"), answer);
            parse(raw, request.method().equals("HEAD"), answer);
        } catch (IOException e) {
            answer.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return answer;
    }

    private static void write(ByteArrayOutputStream out, String latin1Text) {
        out.writeBytes(latin1(latin1Text));
    }

    /**
     * Reads one answer: the head must arrive within the read timeout (else it is a hang); the body is
     * framed by Content-Length or chunking, else read until the server closes or stays silent for
     * two seconds (a connection it holds open after a complete answer is counted, not waited for).
     */
    private static byte[] readAnswer(Socket socket, boolean head, Answer answer) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        int headEnd = -1;
        try {
            while (true) {
                if (headEnd < 0) {
                    headEnd = indexOfHeadEnd(all.toByteArray());
                    byte[] sofar = all.toByteArray();
                    if (headEnd >= 0 && sofar.length >= 12 && new String(sofar, 0, 12, StandardCharsets.ISO_8859_1).matches("HTTP/1\\.1 1\\d\\d")
                            && !new String(sofar, 0, 12, StandardCharsets.ISO_8859_1).endsWith("101")) {
                        // an interim answer (100 Continue): the final one follows
                        all.reset();
                        all.write(sofar, headEnd + 4, sofar.length - headEnd - 4);
                        headEnd = -1;
                        continue;
                    }
                    if (headEnd >= 0) {
                        socket.setSoTimeout(2000);
                    }
                }
                if (headEnd >= 0 && complete(all.toByteArray(), headEnd, head)) {
                    break;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException silent) {
            if (headEnd < 0) {
                throw silent;
            }
            answer.heldOpen = true;
        } catch (java.net.SocketException reset) {
            if (all.size() == 0) {
                throw reset;
            }
        }
        return all.toByteArray();
    }

    private static int indexOfHeadEnd(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean complete(byte[] bytes, int headEnd, boolean head) {
        String headers = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int bodyLength = bytes.length - headEnd - 4;
        if (head || headers.startsWith("http/1.1 204") || headers.startsWith("http/1.1 304")) {
            return true;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(headers);
        if (length.find()) {
            return bodyLength >= Long.parseLong(length.group(1));
        }
        if (headers.contains("\r\ntransfer-encoding: chunked")) {
            String tail = new String(bytes, Math.max(headEnd, bytes.length - 7), bytes.length - Math.max(headEnd, bytes.length - 7),
                    StandardCharsets.ISO_8859_1);
            return tail.endsWith("\r\n0\r\n\r\n") || (bodyLength == 5 && tail.endsWith("0\r\n\r\n"));
        }
        return false;
    }

    private static void parse(byte[] raw, boolean head, Answer answer) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            answer.failure = raw.length == 0 ? "connection closed without an answer" : "not an HTTP answer: "
                    + printable(text.substring(0, Math.min(80, text.length())));
            return;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        answer.status = Integer.parseInt(statusLine[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                answer.headers.merge(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (!head && "chunked".equalsIgnoreCase(answer.header("Transfer-Encoding"))) {
            body = dechunk(body);
        }
        answer.body = head ? "" : new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = at;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(n, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }
}
