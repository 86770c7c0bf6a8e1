package dev.casguard.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A server program installed by scripts/install-test-tools.sh under .casguard/tools, run on
 * 127.0.0.1 for one test class, its output in a log file under target/.
 */
final class ToolProcess implements AutoCloseable {

    static final Path TOOLS = Path.of(".casguard", "tools").toAbsolutePath();

    private final Process process;
    private final Path log;

    private ToolProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The installed file, or a failure that says how to install it. */
    static Path installed(String relative) {
        Path file = TOOLS.resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: run scripts/install-test-tools.sh");
        }
        return file;
    }

    /** Starts the command and waits until it accepts connections on the port. */
    static ToolProcess start(List<String> command, Path log, int port) throws IOException {
        if (listening(port)) {
            throw new IllegalStateException("127.0.0.1:" + port + " is already taken; stop whatever runs there");
        }
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // an aborted test run must not leave the server behind holding its port
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        ToolProcess tool = new ToolProcess(process, log);
        long until = System.nanoTime() + 60_000_000_000L;
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > until) {
                tool.close();
                throw new IllegalStateException(command.get(0) + " did not start listening on " + port + "; see " + log);
            }
            sleep(100);
        }
        return tool;
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
