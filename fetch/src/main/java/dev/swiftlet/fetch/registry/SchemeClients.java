package dev.swiftlet.fetch.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP clients of one way out (straight to the network, or through one proxy): one per URL scheme, each
 * built the first time a URL of its scheme is sent. The http client gets {@link TlsContexts#NONE}, so it sets up no
 * TLS; the https client gets the backend's trust material, which is itself built only then. A backend that only
 * sends http URLs never loads a CA file or the JDK's TLS provider. Thread-safe.
 */
final class SchemeClients implements AutoCloseable {
    private final Supplier<HttpClient.Builder> builder;
    private final Supplier<SSLContext> tls;
    private volatile HttpClient plain;
    private volatile HttpClient secure;
    private boolean closed; // guarded by this

    /**
     * @param builder a client builder with everything but TLS set (version, redirects, timeouts, proxy)
     * @param tls the trust material for https; may throw an {@link IllegalArgumentException} naming what failed
     */
    SchemeClients(Supplier<HttpClient.Builder> builder, Supplier<SSLContext> tls) {
        this.builder = builder;
        this.tls = tls;
    }

    /**
     * The client for {@code url}'s scheme, built now if this is the first such URL. An {@link IOException} when TLS
     * cannot be set up (a CA file that does not parse) or the clients are closed.
     */
    HttpClient forUri(URI url) throws IOException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        HttpClient c = https ? secure : plain;
        return c != null ? c : build(https);
    }

    private synchronized HttpClient build(boolean https) throws IOException {
        if (closed) throw new IOException("the backend is closed");
        if (https) {
            if (secure == null) {
                try {
                    secure = builder.get().sslContext(tls.get()).build();
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            return secure;
        }
        // explicit parameters too: without them the JDK asks the context for its defaults, which needs a TLS provider
        if (plain == null)
            plain = builder.get()
                    .sslContext(TlsContexts.NONE)
                    .sslParameters(new SSLParameters())
                    .build();
        return plain;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (plain != null) plain.close();
        if (secure != null) secure.close();
    }
}
