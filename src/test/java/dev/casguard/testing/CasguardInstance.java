package dev.casguard.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One real casguard instance: a stock Payara Micro process deploying target/casguard.war, as an
 * operator would start it, with settings given only as environment variables. Used where a test
 * needs several instances, or needs to kill one.
 */
public final class CasguardInstance implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private CasguardInstance(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Instances of one test run form one Payara Micro cluster, as the deployment files' replicas
     * do: explicit TCP discovery on loopback, a cluster name of this test run's own.
     */
    private static final List<String> CLUSTERED = List.of("--clustername", "casguard-tests-" + ProcessHandle.current().pid(),
            "--clustermode", "tcpip:" + TestPorts.range("hazelcast").stream().map(port -> "127.0.0.1:" + port)
                    .collect(Collectors.joining(",")));
    /** Payara's own clustering off: casguard must behave the same without the data grid. */
    public static final List<String> UNCLUSTERED = List.of("--nocluster");

    /** Starts the process, clustered with the test run's other instances; call {@link #awaitReady} before use. */
    public static CasguardInstance launch(String name, int port, Map<String, String> settings) throws IOException {
        return launch(name, port, settings, CLUSTERED);
    }

    /** Starts the process with the given clustering options ({@link #UNCLUSTERED}, or the default). */
    public static CasguardInstance launch(String name, int port, Map<String, String> settings, List<String> clustering)
            throws IOException {
        Path logs = Path.of("target", "instance-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dhazelcast.socket.bind.any=false",
                "-jar", microJar(),
                "--deploy", new File("target/casguard.war").getAbsolutePath(),
                "--contextroot", "/",
                "--port", String.valueOf(port),
                "--interfaces", "127.0.0.1",
                "--prebootcommandfile", new File("server-config/loopback.asadmin").getAbsolutePath()));
        command.addAll(clustering);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CASGUARD_INSTANCE_NAME", name);
        builder.environment().putAll(settings);
        return new CasguardInstance(name, port, builder.start(), log);
    }

    /** Starts several at once, one per port (a {@link TestPorts#range}), and waits until all answer ready. */
    public static List<CasguardInstance> launchAll(List<String> names, List<Integer> ports,
            Map<String, String> settings) throws IOException {
        return launchAll(names, ports, settings, CLUSTERED);
    }

    /** Starts several at once with the given clustering options and waits until all answer ready. */
    public static List<CasguardInstance> launchAll(List<String> names, List<Integer> ports,
            Map<String, String> settings, List<String> clustering) throws IOException {
        // the range in test-ports.properties is what keeps these ports off other suites' ones
        if (names.size() != ports.size()) {
            throw new IllegalArgumentException(names.size() + " instances for the ports " + ports);
        }
        List<CasguardInstance> instances = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i++) {
                instances.add(launch(names.get(i), ports.get(i), settings, clustering));
            }
            for (CasguardInstance instance : instances) {
                instance.awaitReady(Duration.ofMinutes(3));
            }
        } catch (IOException | RuntimeException e) {
            instances.forEach(CasguardInstance::close); // none may outlive a failed start
            throw e;
        }
        return instances;
    }

    public CasguardInstance awaitReady(Duration timeout) {
        // the client's default (it offers h2c), as users' clients do: the listener must take it
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(base() + "health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    public String name() {
        return name;
    }

    public String base() {
        return "http://127.0.0.1:" + port + "/";
    }

    public Api api() {
        return Api.at(base());
    }

    /** Sum of a Prometheus metric's samples whose labels contain {@code labels}; 0 if the instance is gone. */
    public double metric(String name, String labels) {
        if (!process.isAlive()) {
            return 0;
        }
        return api().get("/metrics", null).body().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hooks, no unlock; the kernel closes its sockets. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String microJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.matches(".*/payara-micro-[0-9][^/]*\\.jar")) {
                return entry;
            }
        }
        String env = System.getenv("MICRO_JAR");
        if (env != null) {
            return env;
        }
        throw new IllegalStateException("payara-micro jar not on the test class path");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings shared by multi-instance tests, on top of what failsafe passes to every process. */
    public static Map<String, String> settings(String... keyValues) {
        Map<String, String> settings = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }
}
