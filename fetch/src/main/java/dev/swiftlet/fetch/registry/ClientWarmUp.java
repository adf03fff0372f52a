package dev.swiftlet.fetch.registry;

import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Pays the first-use cost of the registry client stack ahead of the first request: the JDK HTTP client, the TLS
 * provider and a ClientHello (its key shares are computed in Java). On a slow machine (a VM under software emulation)
 * that cost is tens of seconds, and it would otherwise land on the first bind, for which nydus-snapshotter allows
 * 30 s in all. Nothing leaves the process; nothing is kept.
 */
public final class ClientWarmUp {
    private ClientWarmUp() {}

    /** Builds and drops a client of each scheme and writes one ClientHello into a buffer; failures are returned. */
    public static Exception run() {
        try {
            // skip_verify's context (no CA store to load): the engine and handshake code are the same for every context
            SSLContext tls = TlsContexts.forConfig(new RegistryConfig(
                    "https",
                    "warm-up.invalid",
                    "warm-up",
                    null,
                    null,
                    true,
                    java.util.List.of(),
                    "",
                    "",
                    null,
                    null,
                    null,
                    java.util.List.of()));
            SSLEngine engine = tls.createSSLEngine("warm-up.invalid", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            engine.wrap(
                    ByteBuffer.allocate(0),
                    ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
            engine.closeOutbound();
            try (HttpClient secure = HttpClient.newBuilder().sslContext(tls).build();
                    HttpClient plain = HttpClient.newBuilder()
                            .sslContext(TlsContexts.NONE)
                            .sslParameters(new javax.net.ssl.SSLParameters())
                            .build()) {
                return null;
            }
        } catch (SSLException | RuntimeException e) {
            return e;
        }
    }
}
