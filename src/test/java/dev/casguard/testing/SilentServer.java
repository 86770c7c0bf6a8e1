package dev.casguard.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider that accepts connections and never answers: the worst kind of outage. */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    public SilentServer(int port) throws IOException {
        socket = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptForever, "silent-server-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * An OCI default backend of {@code org} at {@code 127.0.0.1:port/repository} whose registry then
     * goes silent: creating a backend checks its credentials, so a real registry answers on the port
     * for that long, and this server takes the port over afterwards.
     */
    public static SilentServer ociDefaultBackend(Api api, String org, String name, int port, String repository,
            String user, String password) throws IOException {
        try (RegistryServer answering = RegistryServer.basic(port, user, password)) {
            api.createOci(org, name, "127.0.0.1:" + port + "/" + repository, user, password, true, false);
        }
        return new SilentServer(port);
    }

    public int accepted() {
        return accepted.get();
    }

    private void acceptForever() {
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
