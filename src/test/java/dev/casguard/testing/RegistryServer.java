package dev.casguard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real CNCF distribution registry ({@code docker-registry} from Debian) on 127.0.0.1 with
 * htpasswd authentication and its own access log. The htpasswd file is re-read by the registry,
 * so a password can be changed while it runs.
 */
public final class RegistryServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Process process;
    private final String user;

    private RegistryServer(int port, Path dir, Process process, String user) {
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.user = user;
    }

    public static RegistryServer basic(int port, String user, String password) throws IOException {
        Path dir = Path.of("target", "registries", String.valueOf(port)).toAbsolutePath();
        Files.createDirectories(dir.resolve("data"));
        writeHtpasswd(dir, user, password);
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: casguard-tests
                    path: %s
                """.formatted(dir.resolve("data"), port, dir.resolve("htpasswd")));
        Path log = dir.resolve("registry.log");
        Files.deleteIfExists(log);
        Process process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RegistryServer server = new RegistryServer(port, dir, process, user);
        server.awaitUp();
        return server;
    }

    /** Replaces the user's password; the registry denies the old one from the next request on. */
    public void changePassword(String password) throws IOException {
        writeHtpasswd(dir, user, password);
    }

    public RegistryLog log() {
        return new RegistryLog(dir.resolve("registry.log"));
    }

    public String location(String repository) {
        return "127.0.0.1:" + port + "/" + repository;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitUp() {
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (ping.statusCode() == 401) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("registry on port " + port + " did not start");
    }

    private static void writeHtpasswd(Path dir, String user, String password) throws IOException {
        try {
            Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", user, password).start();
            String line = new String(htpasswd.getInputStream().readAllBytes());
            if (htpasswd.waitFor() != 0) {
                throw new IOException("htpasswd failed");
            }
            Path tmp = dir.resolve("htpasswd.tmp");
            Files.writeString(tmp, line);
            Files.move(tmp, dir.resolve("htpasswd"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
