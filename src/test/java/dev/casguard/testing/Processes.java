package dev.casguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs short command-line tools (openssl, htpasswd) that fixtures need. */
final class Processes {

    private Processes() {
    }

    /** Runs a command to completion and returns its standard output; fails with its error output. */
    static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        // drain stderr concurrently so that a chatty tool cannot block on a full pipe
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command[0] + " interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(command[0] + " failed (exit " + process.exitValue() + "): " + errors.join());
        }
        return output;
    }

    private static String readAll(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
