package dev.casguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An RSA key and a self-signed certificate for it, made with the {@code openssl} CLI (the JDK has
 * no public API to issue a certificate). {@link #pemFile()} is what a registry's
 * {@code auth.token.rootcertbundle} points at.
 */
public record SelfSignedCertificate(PrivateKey key, X509Certificate certificate, Path pemFile) {

    public static SelfSignedCertificate create(Path dir, String commonName) throws IOException {
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("key.pem");
        Path certFile = dir.resolve("cert.pem");
        Processes.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + commonName, "-keyout", keyFile.toString(), "-out", certFile.toString());
        try (InputStream pem = Files.newInputStream(certFile)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(pem);
            return new SelfSignedCertificate(readPkcs8(keyFile), certificate, certFile);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read what openssl wrote in " + dir, e);
        }
    }

    /** The certificate as a JWS {@code x5c} entry: standard (not URL-safe) base64 of its DER. */
    public String x5c() {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** openssl 3 writes unencrypted keys as PKCS#8 ("BEGIN PRIVATE KEY"). */
    private static PrivateKey readPkcs8(Path keyFile) throws IOException, GeneralSecurityException {
        String pem = Files.readString(keyFile);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IOException("expected a PKCS#8 key in " + keyFile);
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
