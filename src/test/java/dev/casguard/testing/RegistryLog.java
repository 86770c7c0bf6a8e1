package dev.casguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry's own access log, read for the provider checks it received: each check asks for one
 * blob upload session ({@code POST /v2/REPO/blobs/uploads/}), whether or not it is granted. This is the ground truth for "how many times
 * was the provider hit", independent of anything casguard reports.
 */
public final class RegistryLog {

    private static final Pattern UPLOAD = Pattern.compile("time=\"([^\"]+)\".*msg=\"response completed\""
            + ".*http\\.request\\.method=POST .*http\\.request\\.uri=\"?/v2/([^ \"]+)/blobs/uploads/\"? "
            + ".*http\\.response\\.status=([0-9]+)");

    private final Path file;

    public RegistryLog(Path file) {
        this.file = file;
    }

    /** One upload-session request, accepted (202) or denied: when, on which repository. */
    public record UploadCheck(Instant at, String repository, int status) {
    }

    public List<UploadCheck> uploadChecks() {
        List<UploadCheck> checks = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher m = UPLOAD.matcher(line);
                if (m.find()) {
                    checks.add(new UploadCheck(Instant.parse(m.group(1)), m.group(2), Integer.parseInt(m.group(3))));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return checks;
    }

    public long uploadChecks(String repository) {
        return uploadChecks().stream().filter(c -> c.repository().equals(repository)).count();
    }
}
