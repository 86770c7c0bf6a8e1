package dev.casguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What a fault scenario observed (counts, times), printed and appended to
 * {@code target/fault-report.txt} as one SURVIVED or BREACHED line per scenario, so the suite's
 * command can say what was survived without anyone reading test logs.
 */
public final class FaultReport implements BeforeEachCallback, TestWatcher {

    public static final Path FILE = Path.of("target", "fault-report.txt");
    private static final ThreadLocal<List<String>> OBSERVED = ThreadLocal.withInitial(ArrayList::new);

    /** Records one observation of the running scenario, e.g. {@code observe("5xx", 0)}. */
    public static void observe(String what, Object value) {
        String line = what + "=" + value;
        OBSERVED.get().add(line);
        System.out.println("[fault] " + line);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        OBSERVED.get().clear();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        write("SURVIVED", context, "");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        write("BREACHED", context, " -- " + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        write("ABORTED", context, " -- " + cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        write("SKIPPED", context, "");
    }

    private static void write(String verdict, ExtensionContext context, String tail) {
        String line = String.format("%-8s %s.%s: %s%s%n", verdict, context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName(), String.join(", ", OBSERVED.get()), tail);
        System.out.print(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OBSERVED.get().clear();
    }
}
