package dev.casguard.providers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities provider TLS trusts: the JDK's, plus the operator's PEM bundle
 * ({@code casguard.providers.trusted-ca-file}) for registries and stores behind a private CA.
 * Both sets are anchors of one PKIX trust manager, so host name and chain checks stay the JDK's.
 */
final class TrustedCertificates {

    private final TrustManager[] managers;
    private final SSLContext context;
    private final int extra;

    private TrustedCertificates(TrustManager[] managers, int extra) throws GeneralSecurityException {
        this.managers = managers;
        this.extra = extra;
        this.context = SSLContext.getInstance("TLS");
        this.context.init(null, managers, null);
    }

    /** The JDK's authorities and, when {@code pemFile} is given, every certificate in it. */
    static TrustedCertificates load(Path pemFile) {
        try {
            List<X509Certificate> anchors = new ArrayList<>(jdkAnchors());
            int extra = 0;
            if (pemFile != null) {
                Collection<? extends Certificate> bundle;
                try (InputStream in = Files.newInputStream(pemFile)) {
                    bundle = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (bundle.isEmpty()) {
                    throw new IllegalStateException("casguard.providers.trusted-ca-file " + pemFile
                            + " holds no PEM certificate");
                }
                for (Certificate certificate : bundle) {
                    anchors.add((X509Certificate) certificate);
                    extra++;
                }
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return new TrustedCertificates(factory.getTrustManagers(), extra);
        } catch (IOException e) {
            throw new IllegalStateException("casguard.providers.trusted-ca-file " + pemFile + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("casguard.providers.trusted-ca-file " + pemFile
                    + " is not a PEM bundle of certificates (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<X509Certificate> jdkAnchors() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<X509Certificate> anchors = new ArrayList<>();
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                anchors.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return anchors;
    }

    TrustManager[] managers() {
        return managers.clone();
    }

    SSLContext context() {
        return context;
    }

    /** How many authorities the operator's bundle added. */
    int extra() {
        return extra;
    }
}
