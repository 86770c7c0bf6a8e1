package dev.casguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry's own access log, read for the provider checks it received: each check asks for one
 * blob upload session ({@code POST /v2/REPO/blobs/uploads/}), granted or not. This is the ground
 * truth for how often a provider was hit, independent of anything casguard reports. Counted from
 * the combined-format lines: distribution writes its "response completed" lines only for granted
 * requests.
 */
public final class RegistryLog {

    /** The access-log line, written for every request whatever its outcome (to the second). */
    private static final Pattern UPLOAD = Pattern.compile(
            "\\[([^\\]]+)\\] \"POST /v2/(\\S+)/blobs/uploads/(?:\\?\\S*)? HTTP/[0-9.]+\" ([0-9]{3}) ");
    private static final DateTimeFormatter ACCESS_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH);

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
                    checks.add(new UploadCheck(ACCESS_TIME.parse(m.group(1), Instant::from), m.group(2),
                            Integer.parseInt(m.group(3))));
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
