package dev.casguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/**
 * Payara Micro's console, which is its server log: Payara Micro logs to the console only, and
 * the Arquillian managed container relays each line of the process's output to this JVM's
 * {@code System.out} (its {@code consoleOutput} setting, on by default). Tapping {@code System.out}
 * before the container starts therefore sees every log line the server writes.
 */
public final class ServerConsole implements AutoCloseable {

    private static final String THREAD_DUMP_HEADER = "Full thread dump";

    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private ServerConsole(PrintStream original) {
        this.original = original;
    }

    /** Copies everything printed to {@code System.out} from now on, still passing it through. */
    public static ServerConsole tap() {
        ServerConsole console = new ServerConsole(System.out);
        System.setOut(new PrintStream(console.new Tee(), true, StandardCharsets.UTF_8));
        return console;
    }

    /** Everything printed since the tap. */
    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits until everything the server printed so far has arrived here, and so proves that the
     * relay is alive. The server JVM is made to print a thread dump (SIGQUIT), which travels the
     * same pipe and reader thread as its log lines: once the dump is here, every earlier line is.
     */
    public void sync(Duration timeout) throws IOException {
        long dumpsBefore = occurrences(THREAD_DUMP_HEADER);
        Processes.run("kill", "-QUIT", String.valueOf(serverProcess().pid()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (occurrences(THREAD_DUMP_HEADER) == dumpsBefore) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server's output does not reach this JVM");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Restores {@code System.out}. */
    @Override
    public void close() {
        System.setOut(original);
    }

    private long occurrences(String needle) {
        String text = text();
        long count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    /**
     * The Payara Micro process the Arquillian container started as a child of this JVM: the newest
     * one, since the container starts one per test class and an earlier class's may still be
     * shutting down.
     */
    private static ProcessHandle serverProcess() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("payara-micro"))
                .max(Comparator.comparing(child -> child.info().startInstant().orElse(Instant.MIN)))
                .orElseThrow(() -> new IllegalStateException("no Payara Micro child process"));
    }

    private final class Tee extends OutputStream {

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            original.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            original.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
