package dev.casguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and one server certificate it issued for {@code 127.0.0.1} and
 * {@code localhost}, made with the {@code openssl} CLI (as {@link SelfSignedCertificate}). A TLS
 * registry serves the server certificate; a client trusts it only if given {@link #caPem()}, so a
 * test can tell "verified against the tenant's CA" from "verified against the JDK's defaults".
 */
public final class TestCertificateAuthority {

    private static final String SERVER_EXTENSIONS = """
            subjectAltName=IP:127.0.0.1,DNS:localhost
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            """;

    private final Path caPem;
    private final Path serverCertPem;
    private final Path serverKeyPem;

    private TestCertificateAuthority(Path caPem, Path serverCertPem, Path serverKeyPem) {
        this.caPem = caPem;
        this.serverCertPem = serverCertPem;
        this.serverKeyPem = serverKeyPem;
    }

    /** Writes the CA's key and certificate and the server's key and certificate into {@code dir}. */
    public static TestCertificateAuthority create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path caKey = dir.resolve("ca-key.pem");
        Path caCert = dir.resolve("ca.pem");
        Processes.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=casguard-test-ca", "-keyout", caKey.toString(), "-out", caCert.toString(),
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");

        Path serverKey = dir.resolve("server-key.pem");
        Path request = dir.resolve("server.csr");
        Path extensions = Files.writeString(dir.resolve("server.ext"), SERVER_EXTENSIONS);
        Path serverCert = dir.resolve("server.pem");
        Processes.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", serverKey.toString(), "-out", request.toString());
        Processes.run("openssl", "x509", "-req", "-in", request.toString(), "-CA", caCert.toString(),
                "-CAkey", caKey.toString(), "-CAcreateserial", "-CAserial", dir.resolve("ca.srl").toString(),
                "-days", "2", "-extfile", extensions.toString(), "-out", serverCert.toString());
        return new TestCertificateAuthority(caCert, serverCert, serverKey);
    }

    /** The CA's self-signed certificate: what a client must trust to accept the server. */
    public Path caPem() {
        return caPem;
    }

    /** The server certificate (leaf only), for a registry's {@code http.tls.certificate}. */
    public Path serverCertPem() {
        return serverCertPem;
    }

    /** The server's unencrypted PKCS#8 key, for a registry's {@code http.tls.key}. */
    public Path serverKeyPem() {
        return serverKeyPem;
    }

    /** A client context that trusts this CA and nothing else. */
    public SSLContext clientContext() throws IOException {
        return trusting(caPem);
    }

    /** A client context whose only trust anchors are the certificates in {@code pem}. */
    static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.setCertificateEntry("anchor-" + n++, certificate);
            }
            if (n == 0) {
                throw new IOException("no certificate in " + pem);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a trust store from " + pem, e);
        }
    }
}
