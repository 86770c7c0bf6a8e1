package dev.casguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registry's htpasswd file, one bcrypt line per user made by {@code htpasswd -Bbn}. Distribution
 * 2.8 re-reads the file whenever its modification time changes (checked on every authenticated
 * request), so users can be changed while the registry runs.
 */
final class HtpasswdFile {

    private final Path file;
    private final Map<String, String> lines = new TreeMap<>();

    HtpasswdFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    synchronized void put(String user, String password) throws IOException {
        lines.put(user, Processes.run("htpasswd", "-Bbn", user, password).strip());
        write();
    }

    synchronized void remove(String user) throws IOException {
        lines.remove(user);
        write();
    }

    /**
     * Replaces the file atomically, with a modification time later than the previous one: two
     * rewrites within the file system's timestamp granularity would otherwise look unchanged to
     * the registry, which would keep serving the old users.
     */
    private void write() throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, lines.isEmpty() ? "" : String.join("\n", lines.values()) + "\n");
        long modified = System.currentTimeMillis();
        if (Files.exists(file)) {
            modified = Math.max(modified, Files.getLastModifiedTime(file).toMillis() + 1);
        }
        Files.setLastModifiedTime(next, FileTime.fromMillis(modified));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
