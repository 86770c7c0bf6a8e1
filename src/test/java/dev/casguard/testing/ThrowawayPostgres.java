package dev.casguard.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server of a test's own (scripts/throwaway-postgres.sh), so that the test may stop
 * and restart it without disturbing the database the other suites share.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Map<String, String> settings = Map.of();

    public ThrowawayPostgres(String name, int port) {
        this.dir = Path.of("target", name).toAbsolutePath();
        this.port = port;
    }

    /** Starts it (initialising its data directory the first time). */
    public ThrowawayPostgres start() throws IOException, InterruptedException {
        settings = run(new ProcessBuilder("scripts/throwaway-postgres.sh", dir.toString(), String.valueOf(port)));
        return this;
    }

    /** Stops it the way an operator's restart does: fast shutdown, every session ended. */
    public void stop() throws IOException, InterruptedException {
        run(new ProcessBuilder("scripts/throwaway-postgres.sh", "--stop", dir.toString()));
    }

    /** The CASGUARD_DB_* settings that point casguard at this server. */
    public Map<String, String> settings() {
        return settings;
    }

    public List<List<String>> rows(String sql) {
        return Database.rows(settings.get("CASGUARD_DB_URL"), sql);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    private static Map<String, String> run(ProcessBuilder script) throws IOException, InterruptedException {
        Process process = script.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String exports = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("throwaway-postgres.sh failed: " + script.command());
        }
        Map<String, String> settings = new HashMap<>();
        exports.lines().filter(l -> l.startsWith("export ")).forEach(l -> {
            String assignment = l.substring("export ".length());
            int eq = assignment.indexOf('=');
            settings.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        });
        return settings;
    }
}
