package dev.casguard.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real CNCF distribution 2.8 registry ({@code docker-registry serve}) on 127.0.0.1, with its own
 * filesystem storage under {@code target/}, deletes enabled, and either htpasswd (Basic) or token
 * authentication. Its output file holds the registry's access log, which is the ground truth for
 * how many provider checks reached it: each check opens one blob upload session.
 *
 * <p>{@link #basicTls} serves HTTPS instead, with a certificate the caller made (for example with
 * {@link TestCertificateAuthority}).
 *
 * <p>Users of an htpasswd registry can be changed while it runs: distribution re-reads the file
 * when its modification time changes, so no restart is needed (see {@link HtpasswdFile}).
 */
public final class RegistryServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private final HtpasswdFile htpasswd;
    /** The certificate it serves over HTTPS, or null for plain HTTP. */
    private final Path tlsCertificate;
    private final Process process;
    private final Thread killOnExit;

    private RegistryServer(int port, Path dir, HtpasswdFile htpasswd, Path tlsCertificate) throws IOException {
        this.port = port;
        this.dir = dir;
        this.htpasswd = htpasswd;
        this.tlsCertificate = tlsCertificate;
        this.process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(output().toFile()).start();
        // a registry left behind by a crashed test run would block the port for the next run
        this.killOnExit = new Thread(process::destroyForcibly, "stop-registry-" + port);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A registry that takes Basic credentials from an htpasswd file holding one user. */
    public static RegistryServer basic(int port, String user, String password) throws IOException {
        return withHtpasswd(port, user, password, null, null);
    }

    /**
     * As {@link #basic}, over HTTPS only: distribution's {@code http.tls} serves {@code certPem}
     * (leaf first, then any intermediates) with {@code keyPem} (unencrypted).
     */
    public static RegistryServer basicTls(int port, String user, String password, Path certPem, Path keyPem)
            throws IOException {
        return withHtpasswd(port, user, password, certPem.toAbsolutePath(), keyPem.toAbsolutePath());
    }

    private static RegistryServer withHtpasswd(int port, String user, String password, Path certPem, Path keyPem)
            throws IOException {
        Path dir = workDir(port);
        HtpasswdFile htpasswd = new HtpasswdFile(dir.resolve("htpasswd"));
        htpasswd.put(user, password);
        String tls = certPem == null ? "" : """
                  tls:
                    certificate: %s
                    key: %s
                """.formatted(certPem, keyPem);
        writeConfig(dir, port, tls, """
                  htpasswd:
                    realm: casguard-test-registry
                    path: %s
                """.formatted(htpasswd.path()));
        return start(port, dir, htpasswd, certPem);
    }

    /** A registry that accepts only Bearer tokens signed by {@code issuer}. */
    public static RegistryServer token(int port, TokenIssuer issuer) throws IOException {
        Path dir = workDir(port);
        writeConfig(dir, port, "", """
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(issuer.realm(), TokenIssuer.SERVICE, TokenIssuer.ISSUER, issuer.certificate()));
        return start(port, dir, null, null);
    }

    /** Adds the user or changes its password; the registry applies it from its next request on. */
    public void setPassword(String user, String password) throws IOException {
        requireHtpasswd().put(user, password);
    }

    /** Removes the user: its credentials are refused from the registry's next request on. */
    public void revoke(String user) throws IOException {
        requireHtpasswd().remove(user);
    }

    /** {@code 127.0.0.1:PORT/REPOSITORY}, as a casguard OCI location. */
    public String location(String repository) {
        return "127.0.0.1:" + port + "/" + repository;
    }

    /** The registry's access log, with each upload-session request's time and answer. */
    public RegistryLog log() {
        return new RegistryLog(output());
    }

    /** Upload sessions requested so far on any repository, granted or denied. */
    public long uploadChecks() {
        return log().uploadChecks().size();
    }

    /** Upload sessions requested so far on {@code repository}, granted or denied. */
    public long uploadChecks(String repository) {
        return log().uploadChecks(repository);
    }

    /**
     * Waits (briefly) until at least {@code expected} upload checks on {@code repository} are in
     * the log, then returns the count, which may exceed it. The registry writes its access-log
     * line as it finishes a request, so a caller that has just seen casguard answer may be a
     * moment ahead of the log.
     */
    public long awaitUploadChecks(String repository, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long count = uploadChecks(repository);
        while (count < expected && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
            count = uploadChecks(repository);
        }
        return count;
    }

    /** Stops the process; storage and log stay under {@code target/} for post-mortems. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook anyway
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Path output() {
        return dir.resolve("registry.log");
    }

    private HtpasswdFile requireHtpasswd() {
        if (htpasswd == null) {
            throw new IllegalStateException("this registry uses token authentication; change users at its TokenIssuer");
        }
        return htpasswd;
    }

    private static Path workDir(int port) throws IOException {
        Path target = Files.createDirectories(Path.of("target", "registries"));
        return Files.createTempDirectory(target, port + "-").toAbsolutePath();
    }

    /**
     * Listens on loopback only; {@code tls} is empty or the indented {@code tls:} block of the http
     * section, {@code auth} the indented body of the config's auth section.
     */
    private static void writeConfig(Path dir, int port, String tls, String auth) throws IOException {
        Files.createDirectories(dir.resolve("storage"));
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: false
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                %sauth:
                %s""".formatted(dir.resolve("storage"), port, tls, auth));
    }

    private static RegistryServer start(int port, Path dir, HtpasswdFile htpasswd, Path tlsCertificate)
            throws IOException {
        requireFree(port);
        RegistryServer server = new RegistryServer(port, dir, htpasswd, tlsCertificate);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return server;
    }

    /** Otherwise the readiness poll could be answered by whatever already holds the port. */
    private static void requireFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("port " + port + " on 127.0.0.1 is taken; a registry cannot start there", e);
        }
    }

    /**
     * Ready once {@code GET /v2/} answers at all (401 with either kind of authentication). Over
     * HTTPS the probe trusts exactly the served certificate, so a certificate that does not match
     * 127.0.0.1 fails the start rather than the test.
     */
    private void awaitReady() throws IOException {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        if (tlsCertificate != null) {
            client.sslContext(TestCertificateAuthority.trusting(tlsCertificate));
        }
        HttpClient http = client.build();
        String scheme = tlsCertificate == null ? "http" : "https";
        HttpRequest ping = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/v2/"))
                .timeout(Duration.ofSeconds(2)).build();
        IOException last = null;
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("registry on port " + port + " exited: " + Files.readString(output()));
            }
            try {
                http.send(ping, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                last = e;
                sleep(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry", e);
            }
        }
        throw new IOException("registry on port " + port + " not ready after " + STARTUP.toSeconds() + " s: "
                + Files.readString(output()), last);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
