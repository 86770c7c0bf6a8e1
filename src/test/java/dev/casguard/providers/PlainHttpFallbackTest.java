package dev.casguard.providers;

import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plain-HTTP registry that resets the connection when a TLS hello arrives (instead of answering
 * it with something the TLS client can call an SSL error): an allow-listed registry still gets
 * its plain-HTTP try, and one that is not allow-listed does not.
 */
class PlainHttpFallbackTest {

    private ServerSocket server;
    private final AtomicInteger tlsHellosReset = new AtomicInteger();
    private final AtomicInteger plainRequests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "reset-on-tls-registry");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void anAllowListedRegistryThatResetsTheTlsHelloIsTriedOverPlainHttp() {
        CheckResult result = check("127.0.0.1:" + server.getLocalPort());
        assertTrue(result.ok(), String.valueOf(result.error()));
        assertTrue(tlsHellosReset.get() >= 1, "the HTTPS attempt came first and was reset");
        assertTrue(plainRequests.get() >= 2, "then ping and upload over plain HTTP");
    }

    @Test
    void aRegistryThatIsNotAllowListedGetsNoPlainHttpTry() {
        CheckResult result = check("127.0.0.1:1");
        assertFalse(result.ok());
        assertTrue(plainRequests.get() == 0 && tlsHellosReset.get() == 0, "nothing reached the server");
    }

    private CheckResult check(String allowListed) {
        try (OutboundExchange exchange = Exchanges.open(allowListed, Duration.ofSeconds(10))) {
            return new OciRegistryCheck().check("127.0.0.1:" + server.getLocalPort() + "/team/repo",
                    obj("username", "u", "password", "p"), exchange);
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                InputStream in = connection.getInputStream();
                int first = in.read();
                if (first == 0x16) { // a TLS handshake record: reset, as some servers do
                    tlsHellosReset.incrementAndGet();
                    connection.setSoLinger(true, 0);
                    continue;
                }
                String head = (char) first + readHead(in);
                plainRequests.incrementAndGet();
                String response = head.startsWith("GET /v2/ ") ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
                        : head.startsWith("POST ") ? "HTTP/1.1 202 Accepted\r\nLocation: /v2/team/repo/blobs/uploads/x"
                                + "\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 204 No Content\r\n\r\n";
                OutputStream out = connection.getOutputStream();
                out.write((response.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"))
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // closed by the test, or a client that went away
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 3 && head.substring(head.length() - 3).equals("\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
