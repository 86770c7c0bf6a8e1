package dev.casguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bait listener for "nothing reached a destination the policy did not vet": it accepts, counts,
 * records the first request line if one arrives within a second, and closes, answering nothing.
 * It listens on 127.0.0.1 or another loopback address (Linux routes all of 127/8 to lo, so
 * 127.0.0.2 binds without set-up), never beyond loopback.
 */
public final class ConnectionCounter implements AutoCloseable {

    private static final int FIRST_LINE_TIMEOUT_MILLIS = 1000;
    private static final int MAX_LINE = 1024;

    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> firstLines = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** On 127.0.0.1:{@code port}; 0 for an ephemeral port. */
    public ConnectionCounter(int port) throws IOException {
        this(InetAddress.getLoopbackAddress(), port);
    }

    /** On {@code address}:{@code port}, which must be a loopback address such as 127.0.0.2. */
    public ConnectionCounter(InetAddress address, int port) throws IOException {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(address + " is not a loopback address");
        }
        socket = new ServerSocket(port, 200, address);
        Thread acceptor = new Thread(this::acceptForever, "connection-counter-" + address.getHostAddress() + "-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public InetAddress address() {
        return socket.getInetAddress();
    }

    /** {@code ADDRESS:PORT}, e.g. {@code 127.0.0.2:40123}. */
    public String hostAndPort() {
        return address().getHostAddress() + ":" + port();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /**
     * The first line each connection sent, in the order they arrived, CR LF stripped and bytes
     * outside printable ASCII as {@code \xNN} (a TLS hello shows as such); connections that sent
     * nothing within a second leave no entry.
     */
    public List<String> firstLines() {
        return List.copyOf(firstLines);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
    }

    private void acceptForever() {
        while (!closed) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.add(connection);
            Thread reader = new Thread(() -> recordFirstLine(connection), "connection-counter-" + port() + "-read");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void recordFirstLine(Socket connection) {
        try (connection) {
            if (closed) {
                return;
            }
            connection.setSoTimeout(FIRST_LINE_TIMEOUT_MILLIS);
            InputStream in = connection.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0 && b != '\n' && line.size() < MAX_LINE; b = in.read()) {
                    line.write(b);
                }
            } catch (IOException e) {
                // timed out or reset: keep what arrived
            }
            if (line.size() > 0) {
                firstLines.add(printable(line.toByteArray()));
            }
        } catch (IOException e) {
            // closing failed: nothing to record
        } finally {
            open.remove(connection);
        }
    }

    private static String printable(byte[] bytes) {
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }
}
