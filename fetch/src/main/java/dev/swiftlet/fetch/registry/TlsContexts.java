package dev.swiftlet.fetch.registry;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for a registry: the JDK's CAs plus {@code ca_cert_files}, or anything with {@code skip_verify}; and
 * {@link #NONE}, for clients that never speak TLS. Building trust reads the CA files and sets up the JDK's TLS
 * provider, which costs seconds on a slow (emulated) machine: {@link SchemeClients} does it only when an https URL
 * is first sent.
 */
final class TlsContexts {
    private TlsContexts() {}

    /**
     * Refuses at bind time what would only fail at the first https request: a {@code ca_cert_files} entry that is not
     * a readable file. Cheap: the certificates are parsed when TLS is first needed ({@link #forConfig}).
     */
    static void checkFiles(RegistryConfig config) {
        for (Path file : config.caCertFiles()) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("TLS set-up for " + config.host() + " failed: ca_cert_files entry "
                        + file + " is not a readable file");
            }
        }
    }

    /** The trust material for {@code config}'s https requests; an {@link IllegalArgumentException} names what failed. */
    static SSLContext forConfig(RegistryConfig config) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (config.skipVerify()) {
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                return ctx;
            }
            if (config.caCertFiles().isEmpty()) return SSLContext.getDefault();
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            int n = 0;
            for (TrustManager tm : jdk.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) ks.setCertificateEntry("jdk-" + n++, c);
                }
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path file : config.caCertFiles()) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate c : cf.generateCertificates(in)) ks.setCertificateEntry("ca-" + n++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalArgumentException("TLS set-up for " + config.host() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK client wants an {@link SSLContext} when it is built, and without one it loads the default (the JDK's
     * TLS provider and its CA store). A client that only ever sends http URLs is given this one instead, which
     * holds nothing and refuses to make a TLS engine, so building that client sets up no TLS at all.
     */
    static final SSLContext NONE = new SSLContext(new Refusing(), null, "none") {};

    private static final class Refusing extends javax.net.ssl.SSLContextSpi {
        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("TLS is not set up for this client: it sends plain http only");
        }

        @Override
        protected void engineInit(javax.net.ssl.KeyManager[] km, TrustManager[] tm, java.security.SecureRandom sr) {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }

    /**
     * skip_verify: the operator chose to trust whatever answers (test registries with self-signed certificates). An
     * extended trust manager, so the JDK does not add its own host name check on top.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
