package dev.casguard.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Debian's promtool (package prometheus), run on the files under deploy/prometheus. */
final class Promtool {

    record Run(int exitCode, String output) {
    }

    private Promtool() {
    }

    static Run run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .directory(Path.of("deploy", "prometheus").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("promtool is not on the PATH: install Debian's prometheus package "
                    + "(apt-get install --no-install-recommends prometheus)", e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}
