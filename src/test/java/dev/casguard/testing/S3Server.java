package dev.casguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real s3proxy (S3 API, SigV4 enforced) on 127.0.0.1 with a filesystem backend: each directory
 * under {@link #dataDir()} is a bucket and each file an object, so tests can see what was written.
 */
public final class S3Server implements AutoCloseable {

    private static final String JAR = "s3proxy/s3proxy-4.1.0-jar-with-dependencies.jar";

    private final int port;
    private final Path data;
    private final ToolProcess process;

    private S3Server(int port, Path data, ToolProcess process) {
        this.port = port;
        this.data = data;
        this.process = process;
    }

    public static S3Server start(int port, String accessKeyId, String secretAccessKey) throws IOException {
        Path dir = Path.of("target", "s3proxy", String.valueOf(port)).toAbsolutePath();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path properties = dir.resolve("s3proxy.conf");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKeyId,
                "s3proxy.credential=" + secretAccessKey,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data, ""));
        Path jar = ToolProcess.installed(JAR);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ToolProcess process = ToolProcess.start(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString(), "--properties", properties.toString()), dir.resolve("s3proxy.log"), port);
        return new S3Server(port, data, process);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public Path dataDir() {
        return data;
    }

    public void createBucket(String bucket) throws IOException {
        Files.createDirectories(data.resolve(bucket));
    }

    /** The file holding an object, whether or not it exists. */
    public Path object(String bucket, String key) {
        return data.resolve(bucket).resolve(key);
    }

    @Override
    public void close() {
        process.close();
    }
}
