package dev.casguard.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Listens on 127.0.0.1, accepts connections, never answers and counts them: a provider that
 * hangs, or a tripwire proving that a refused destination was never contacted.
 */
public final class MuteServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    public MuteServer(int port) throws IOException {
        socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptUntilClosed, "mute-server-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int connections() {
        return accepted.get();
    }

    private void acceptUntilClosed() {
        while (!socket.isClosed()) {
            try {
                held.add(socket.accept());
                accepted.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : held) {
            connection.close();
        }
    }
}
