package dev.casguard.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Azurite blob service on 127.0.0.1 with shared-key authentication, holding only the
 * well-known development account {@code devstoreaccount1}, in a fresh data directory.
 */
public final class AzuriteServer implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's published development key: public, and accepted by nothing but emulators. */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final int port;
    private final ToolProcess process;

    private AzuriteServer(int port, ToolProcess process) {
        this.port = port;
        this.process = process;
    }

    public static AzuriteServer start(int port) throws IOException {
        Path dir = Path.of("target", "azurite", String.valueOf(port) + "-" + System.nanoTime()).toAbsolutePath();
        Path executable = ToolProcess.installed("azurite/node_modules/.bin/azurite-blob");
        // telemetry off: it would try to reach the internet; the version check off: clients send newer versions
        ToolProcess process = ToolProcess.start(List.of(executable.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", String.valueOf(port), "--location", dir.resolve("data").toString(),
                "--disableTelemetry", "--skipApiVersionCheck", "--silent"), dir.resolve("azurite.log"), port);
        return new AzuriteServer(port, process);
    }

    /** The account's blob endpoint, path-style as emulators serve it. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    @Override
    public void close() {
        process.close();
    }
}
