import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy that adds latency to the client-to-server direction: every chunk read from
 * the client is forwarded DELAY ms after it arrived (not after the previous chunk was sent), so an
 * HTTP request written in one go - or a TLS ClientHello - reaches the server DELAY ms late and the
 * connection stays keep-alive. Server-to-client bytes pass at once.
 *
 * Usage: java DelayProxy LISTEN_PORT TARGET_PORT DELAY_FILE STATS_FILE MAX_SECONDS
 * DELAY_FILE holds the delay in ms and is re-read every 100 ms (missing: 0). STATS_FILE is rewritten
 * every 100 ms with "connections=N chunks=N bytes=N open=N delayMs=N". The proxy exits by itself
 * after MAX_SECONDS. Binds 127.0.0.1 only and connects to 127.0.0.1 only.
 */
public final class DelayProxy {

    private static final Chunk END = new Chunk(0, new byte[0]);
    private static volatile long delayNanos;
    private static final AtomicLong connections = new AtomicLong();
    private static final AtomicLong chunks = new AtomicLong();
    private static final AtomicLong bytes = new AtomicLong();
    private static final AtomicLong open = new AtomicLong();

    private record Chunk(long arrivedNanos, byte[] data) {
    }

    public static void main(String[] args) throws Exception {
        int listenPort = Integer.parseInt(args[0]);
        int targetPort = Integer.parseInt(args[1]);
        Path delayFile = Path.of(args[2]);
        Path statsFile = Path.of(args[3]);
        long maxSeconds = Long.parseLong(args[4]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);

        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(loopback, listenPort), 1024);
        server.setSoTimeout(1000);
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "proxy");
            t.setDaemon(true);
            return t;
        });

        Thread control = new Thread(() -> {
            while (System.nanoTime() < stopAt) {
                try {
                    long ms = Files.exists(delayFile) ? Long.parseLong(Files.readString(delayFile).trim()) : 0;
                    delayNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, ms));
                } catch (IOException | NumberFormatException e) {
                    // keep the previous delay
                }
                try {
                    Path tmp = statsFile.resolveSibling(statsFile.getFileName() + ".tmp");
                    Files.writeString(tmp, "connections=" + connections.get() + " chunks=" + chunks.get()
                            + " bytes=" + bytes.get() + " open=" + open.get()
                            + " delayMs=" + TimeUnit.NANOSECONDS.toMillis(delayNanos) + "\n");
                    Files.move(tmp, statsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // next round
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }, "control");
        control.setDaemon(true);
        control.start();
        System.out.println("DelayProxy 127.0.0.1:" + listenPort + " -> 127.0.0.1:" + targetPort);

        while (System.nanoTime() < stopAt) {
            Socket client;
            try {
                client = server.accept();
            } catch (java.net.SocketTimeoutException e) {
                continue;
            }
            connections.incrementAndGet();
            threads.execute(() -> serve(client, loopback, targetPort, threads));
        }
        System.out.println("DelayProxy: lifetime over, exiting");
        System.exit(0);
    }

    private static void serve(Socket client, InetAddress loopback, int targetPort, ExecutorService threads) {
        Socket upstream = new Socket();
        open.incrementAndGet();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(loopback, targetPort), 5000);
        } catch (IOException e) {
            closeBoth(client, upstream);
            open.decrementAndGet();
            return;
        }
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        threads.execute(() -> delayedWriter(queue, client, upstream));
        threads.execute(() -> pump(upstream, client));
        try {
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                chunks.incrementAndGet();
                bytes.addAndGet(n);
                queue.add(new Chunk(System.nanoTime(), Arrays.copyOf(buffer, n)));
            }
        } catch (IOException e) {
            // client gone
        } finally {
            queue.add(END);
        }
    }

    private static void delayedWriter(LinkedBlockingQueue<Chunk> queue, Socket client, Socket upstream) {
        try {
            OutputStream out = upstream.getOutputStream();
            while (true) {
                Chunk chunk = queue.poll(10, TimeUnit.MINUTES);
                if (chunk == null || chunk == END) {
                    upstream.shutdownOutput();
                    return;
                }
                long due = chunk.arrivedNanos() + delayNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                out.write(chunk.data());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            closeBoth(client, upstream);
        }
    }

    private static void pump(Socket upstream, Socket client) {
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side gone
        } finally {
            closeBoth(client, upstream);
            open.decrementAndGet();
        }
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException e) {
            // ignore
        }
        try {
            b.close();
        } catch (IOException e) {
            // ignore
        }
    }
}
