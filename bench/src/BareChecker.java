import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checker benchmark's yardstick: the HTTP exchanges of casguard's OCI check (GET /v2/, POST an
 * upload with Basic credentials, DELETE the session it names), on one fresh keep-alive connection
 * per check as casguard opens them, for the backends {@link FleetSeed} wrote, with the tick's
 * parallelism and per-host cap, and nothing else: no database, no decryption, no framework. What a
 * tick takes beyond this client's time and CPU is casguard's own work.
 *
 *   bare FIRST COUNT HOSTS(host:port,...) USER PASS PARALLELISM PER_HOST MAX_SECONDS
 * Prints one line: checks, failures, seconds, and the CPU ms per check of this JVM's exchanges.
 */
final class BareChecker {

    private BareChecker() {
    }

    static void run(String[] a) throws Exception {
        int first = Integer.parseInt(a[1]);
        int count = Integer.parseInt(a[2]);
        String[] hosts = a[3].split(",");
        String basic = "Basic " + Base64.getEncoder().encodeToString((a[4] + ":" + a[5]).getBytes(StandardCharsets.UTF_8));
        int parallelism = Integer.parseInt(a[6]);
        int perHost = Math.min(Integer.parseInt(a[7]), Math.max(1, parallelism / hosts.length));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(a[8]));

        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger[] next = new AtomicInteger[hosts.length];
        CountDownLatch done = new CountDownLatch(hosts.length * perHost);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int h = 0; h < hosts.length; h++) {
            // the backends of host h are first + h + k * hosts.length (FleetSeed's i % hosts.length)
            int offset = Math.floorMod(h - first, hosts.length);
            next[h] = new AtomicInteger(first + offset);
            String[] hostPort = hosts[h].split(":");
            InetSocketAddress address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
            AtomicInteger mine = next[h];
            for (int w = 0; w < perHost; w++) {
                Thread worker = new Thread(() -> {
                    try {
                        int i;
                        while ((i = mine.getAndAdd(hosts.length)) < first + count && System.nanoTime() < deadline) {
                            if (check(address, hosts[Math.floorMod(i, hosts.length)], "fleet/b" + i, basic)) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "bare-" + h + "-" + w);
                worker.setDaemon(true);
                worker.start();
            }
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        int checks = ok.get() + failed.get();
        System.out.printf(Locale.ROOT, "BARE checks=%d failed=%d seconds=%.1f cpu_ms_per_check=%.2f parallelism=%d per_host=%d hosts=%d%n",
                checks, failed.get(), seconds, checks == 0 ? 0 : cpuMs / checks, hosts.length * perHost, perHost, hosts.length);
    }

    private static boolean check(InetSocketAddress address, String host, String repository, String basic) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(out, "GET /v2/ HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            if (read(in).status != 401) {
                return false;
            }
            send(out, "POST /v2/" + repository + "/blobs/uploads/ HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: "
                    + basic + "\r\nContent-Length: 0\r\n\r\n");
            Answer upload = read(in);
            if (upload.status != 202 || upload.location == null) {
                return false;
            }
            String path = upload.location.replaceFirst("^https?://[^/]+", "");
            send(out, "DELETE " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + basic + "\r\n\r\n");
            int deleted = read(in).status;
            return deleted == 204 || deleted == 200 || deleted == 202;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void send(OutputStream out, String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private record Answer(int status, String location) {
    }

    /** Status line, headers (up to 16 KiB) and a Content-Length body; anything else fails the check. */
    private static Answer read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 16_384 && !(head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-answer");
            }
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        long length = 0;
        String location = null;
        for (int k = 1; k < lines.length; k++) {
            int colon = lines[k].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[k].substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("location")) {
                location = value;
            } else if (name.equals("transfer-encoding")) {
                throw new IOException("chunked answers are not expected from the registry here");
            }
        }
        for (long skipped = 0; skipped < length; skipped++) {
            if (in.read() < 0) {
                throw new IOException("body cut short");
            }
        }
        return new Answer(status, location);
    }
}
