package dev.casguard.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's real PgBouncer (1.18) on 127.0.0.1 in front of the tests' PostgreSQL, in session or
 * transaction pooling mode, as managed PostgreSQL offerings put one in front of a database. It
 * refuses to run as root, so as root it runs as the {@code postgres} user.
 */
public final class PgBouncer implements AutoCloseable {

    private final int port;
    private final ToolProcess process;
    private final Path pidFile;

    private PgBouncer(int port, ToolProcess process, Path pidFile) {
        this.port = port;
        this.process = process;
        this.pidFile = pidFile;
    }

    /** {@code mode} is {@code session} or {@code transaction}. */
    public static PgBouncer start(int port, String mode) throws IOException {
        URI target = URI.create(Database.url().substring("jdbc:".length()));
        String user = System.getenv().getOrDefault("CASGUARD_DB_USER", "casguard");
        String password = System.getenv().getOrDefault("CASGUARD_DB_PASSWORD", "casguard");
        Path dir = Path.of("target", "pgbouncer", String.valueOf(port)).toAbsolutePath();
        Files.createDirectories(dir);
        Path users = dir.resolve("userlist.txt");
        Files.writeString(users, "\"" + user + "\" \"" + password + "\"\n");
        Path ini = dir.resolve("pgbouncer.ini");
        Files.writeString(ini, """
                [databases]
                * = host=%s port=%d
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = scram-sha-256
                auth_file = %s
                pool_mode = %s
                max_client_conn = 400
                default_pool_size = 20
                server_reset_query =
                ignore_startup_parameters = extra_float_digits,options
                logfile = %s
                pidfile = %s
                """.formatted(target.getHost(), target.getPort(), port, users, mode, dir.resolve("pgbouncer.log"),
                dir.resolve("pgbouncer.pid")));
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            Processes.run("chown", "-R", "postgres", dir.toString());
            openPath(dir);
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of("pgbouncer", ini.toString()));
        return new PgBouncer(port, ToolProcess.start(command, dir.resolve("output.log"), port),
                dir.resolve("pgbouncer.pid"));
    }

    /** The JDBC URL of the database through this pooler; PgBouncer 1.18 has no prepared statements. */
    public String jdbcUrl() {
        String direct = Database.url();
        String database = direct.substring(direct.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
    }

    /** The pooler's user must reach its directory through every parent. */
    private static void openPath(Path dir) throws IOException {
        for (Path p = dir; p != null && p.getParent() != null; p = p.getParent()) {
            Processes.run("chmod", "o+x", p.toString());
        }
    }

    @Override
    public void close() {
        process.close();
        try { // runuser may not pass the signal on
            if (Files.exists(pidFile)) {
                Processes.run("kill", Files.readString(pidFile).trim());
            }
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }
}
