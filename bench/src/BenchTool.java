import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks' helper: a fleet of backends straight into the database, a bare client to
 * measure the checker against, and readings of the registry's access log. Talks to 127.0.0.1 only.
 *
 *   slots LOG INTERVAL_MS FIRST_SLOT SLOTS REPO...
 *   window LOG FROM_BYTE TO_BYTE
 *   threads JSTACK_DUMP
 *   jfr RECORDING.jfr TOP     (CPU samples: hottest methods, and by area)
 *   seed ...                  (a fleet straight into the database: {@link FleetSeed})
 *   bare ...                  (the checker's yardstick: {@link BareChecker})
 */
public final class BenchTool {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "slots" -> slots(args);
            case "window" -> window(args);
            case "threads" -> threads(args);
            case "jfr" -> jfr(args);
            case "seed" -> FleetSeed.run(args);
            case "bare" -> BareChecker.run(args);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ---------------------------------------------------------------- slots

    private static final Pattern COMPLETED_UPLOAD = Pattern.compile("time=\"([^\"]+)\".*msg=\"response completed\""
            + ".*http\\.request\\.method=POST .*http\\.request\\.uri=\"?/v2/([^ \"]+)/blobs/uploads/\"? "
            + ".*http\\.response\\.status=([0-9]+)");

    /** Accepted upload checks (POST .../blobs/uploads/ answered 202) per repository per epoch-aligned slot. */
    private static void slots(String[] a) throws IOException {
        Path log = Path.of(a[1]);
        long interval = Long.parseLong(a[2]);
        long firstSlot = Long.parseLong(a[3]);
        int slots = Integer.parseInt(a[4]);
        List<String> repos = List.of(a).subList(5, a.length);
        long[][] counts = new long[repos.size()][slots];
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = COMPLETED_UPLOAD.matcher(line);
            if (!m.find() || !m.group(3).equals("202")) {
                continue;
            }
            int r = repos.indexOf(m.group(2));
            if (r < 0) {
                continue;
            }
            long slot = Instant.parse(m.group(1)).toEpochMilli() / interval - firstSlot;
            if (slot >= 0 && slot < slots) {
                counts[r][(int) slot]++;
            }
        }
        long sum = 0;
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        StringBuilder table = new StringBuilder();
        for (int r = 0; r < repos.size(); r++) {
            table.append("    ").append(String.format("%-22s", repos.get(r)));
            for (int s = 0; s < slots; s++) {
                table.append(' ').append(counts[r][s]);
                sum += counts[r][s];
                max = Math.max(max, counts[r][s]);
                min = Math.min(min, counts[r][s]);
            }
            table.append('\n');
        }
        System.out.print(table);
        System.out.printf("SUMMARY cells=%d mean=%.2f max=%d min=%d%n", repos.size() * slots,
                (double) sum / (repos.size() * slots), max, min);
    }

    // ---------------------------------------------------------------- window

    private static final Pattern ACCESS = Pattern.compile("\"(GET|POST|DELETE|PUT|PATCH|HEAD) (\\S+) HTTP/[0-9.]+\" ([0-9]{3}) ");

    /** Requests the registry logged between two byte offsets of its log, by kind, and POSTs per second. */
    private static void window(String[] a) throws IOException {
        long from = Long.parseLong(a[2]);
        long to = Long.parseLong(a[3]);
        byte[] bytes;
        try (RandomAccessFile file = new RandomAccessFile(a[1], "r")) {
            file.seek(from);
            bytes = new byte[(int) (to - from)];
            file.readFully(bytes);
        }
        Map<String, Long> kinds = new TreeMap<>();
        TreeMap<Long, Long> postsPerSecond = new TreeMap<>();
        long requests = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            Matcher access = ACCESS.matcher(line);
            if (access.find()) {
                requests++;
                String path = access.group(2);
                String kind = access.group(1) + " " + (path.equals("/v2/") ? "/v2/"
                        : path.contains("/blobs/uploads/") ? "blobs/uploads" : "other") + " " + access.group(3);
                kinds.merge(kind, 1L, Long::sum);
            }
            Matcher upload = COMPLETED_UPLOAD.matcher(line);
            if (upload.find()) {
                postsPerSecond.merge(Instant.parse(upload.group(1)).getEpochSecond(), 1L, Long::sum);
            }
        }
        System.out.println("REQUESTS " + requests);
        kinds.forEach((k, v) -> System.out.println("KIND " + k.replace(' ', '_') + " " + v));
        if (!postsPerSecond.isEmpty()) {
            long first = postsPerSecond.firstKey();
            StringBuilder series = new StringBuilder();
            postsPerSecond.forEach((s, n) -> series.append(s - first).append(':').append(n).append(' '));
            System.out.println("POSTS_PER_SECOND " + series.toString().trim());
        }
    }

    // ---------------------------------------------------------------- threads

    /** Where a jstack dump's threads are: by normalised thread name and state, and by marker frames. */
    private static void threads(String[] a) throws IOException {
        String dump = Files.readString(Path.of(a[1]));
        Map<String, Long> names = new TreeMap<>();
        Map<String, Long> where = new TreeMap<>();
        String[][] markers = {
            {"checker-validation (CheckerTick$Run.validate)", "CheckerTick$Run.validate"},
            {"  in the provider check (ProviderChecks.run)", "ProviderChecks.run"},
            {"  recording result in DB (ValidationRecorder.record*)", "ValidationRecorder.record"},
            {"  reading DB clock (DatabaseClock.now)", "DatabaseClock.now"},
            {"  waiting for a pooled JDBC connection (ConnectionPool.getResource)", "ConnectionPool.getResource"},
            {"provider-check (OciRegistryCheck.check)", "OciRegistryCheck.check"},
            {"  waiting for an HTTP answer (socket read)", "SocketInputStream.read"},
            {"  TLS attempt (SSLEngine/SSLSocket or sun.security.ssl)", "sun.security.ssl"},
            {"tick loop (CheckerTick$Run.execute)", "CheckerTick$Run.execute"},
            {"JDBC socket read (org.postgresql PGStream)", "org.postgresql.core.PGStream"},
        };
        long total = 0;
        for (String block : dump.split("\n\s*\n")) {
            String trimmed = block.strip();
            if (!trimmed.startsWith("\"")) {
                continue;
            }
            total++;
            String name = trimmed.substring(1, trimmed.indexOf('"', 1)).replaceAll("[0-9]+", "N");
            Matcher state = Pattern.compile("java.lang.Thread.State: (\\S+)").matcher(trimmed);
            String st = state.find() ? state.group(1) : "?";
            names.merge(String.format("%-70s %s", name, st), 1L, Long::sum);
            for (String[] marker : markers) {
                if (trimmed.contains(marker[1])) {
                    where.merge(marker[0], 1L, Long::sum);
                }
            }
        }
        System.out.println("  threads in dump: " + total);
        System.out.println("  by marker frame:");
        for (String[] marker : markers) {
            System.out.printf("    %5d  %s%n", where.getOrDefault(marker[0], 0L), marker[0]);
        }
        System.out.println("  largest thread groups (name, state):");
        names.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(12)
                .forEach(e -> System.out.printf("    %5d  %s%n", e.getValue(), e.getKey()));
    }

    // ---------------------------------------------------------------- jfr

    /** Execution samples of a JFR recording: top self frames, and samples by area of the stack. */
    private static void jfr(String[] a) throws IOException {
        int top = Integer.parseInt(a[2]);
        Map<String, Long> self = new TreeMap<>();
        Map<String, Long> areas = new TreeMap<>();
        long total = 0;
        String[][] areaMarkers = {
            {"TLS (sun.security.ssl)", "sun.security.ssl."},
            {"logging (java.util.logging / Payara log handlers)", "java.util.logging."},
            {"invocation/context handling (org.glassfish.api.invocation, concurrent runtime)", "org.glassfish.api.invocation."},
            {"JDBC driver (org.postgresql)", "org.postgresql."},
            {"EclipseLink", "org.eclipse.persistence."},
            {"JSON-B / Yasson", "org.eclipse.yasson."},
            {"Jersey", "org.glassfish.jersey."},
            {"JDK HttpClient (jdk.internal.net.http)", "jdk.internal.net.http."},
            {"Grizzly HTTP server", "org.glassfish.grizzly."},
            {"Weld CDI", "org.jboss.weld."},
            {"JTA (com.sun.enterprise.transaction)", "com.sun.enterprise.transaction."},
            {"connection pool (com.sun.enterprise.resource)", "com.sun.enterprise.resource."},
            {"MicroProfile Metrics (fish.payara.microprofile.metrics)", "fish.payara.microprofile.metrics."},
        };
        try (jdk.jfr.consumer.RecordingFile file = new jdk.jfr.consumer.RecordingFile(Path.of(a[1]))) {
            while (file.hasMoreEvents()) {
                jdk.jfr.consumer.RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<jdk.jfr.consumer.RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                total++;
                jdk.jfr.consumer.RecordedMethod m = frames.get(0).getMethod();
                self.merge(m.getType().getName() + "." + m.getName(), 1L, Long::sum);
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (jdk.jfr.consumer.RecordedFrame f : frames) {
                    String type = f.getMethod().getType().getName();
                    for (String[] area : areaMarkers) {
                        if (type.startsWith(area[1]) && seen.add(area[0])) {
                            areas.merge(area[0], 1L, Long::sum);
                        }
                    }
                }
            }
        }
        final long all = Math.max(1, total);
        System.out.println("  CPU samples: " + total);
        System.out.println("  share of samples with the area anywhere on the stack:");
        areas.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
        System.out.println("  hottest methods (self):");
        self.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(top)
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
    }
}
