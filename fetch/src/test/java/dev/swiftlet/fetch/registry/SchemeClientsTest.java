package dev.swiftlet.fetch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Each scheme's client is built on first use; only the https one asks for the trust material, once. */
class SchemeClientsTest {
    @Test
    void httpUrlsNeverAskForTlsAndHttpsUrlsAskOnce() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (SchemeClients c = new SchemeClients(HttpClient::newBuilder, () -> {
            asked.incrementAndGet();
            try {
                return SSLContext.getDefault();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })) {
            HttpClient plain = c.forUri(URI.create("http://127.0.0.1:1/v2/"));
            assertThat(c.forUri(URI.create("http://other:2/x"))).isSameAs(plain);
            assertThat(plain.sslContext()).isSameAs(TlsContexts.NONE);
            assertThat(asked).hasValue(0);
            HttpClient secure = c.forUri(URI.create("https://127.0.0.1:1/v2/"));
            assertThat(c.forUri(URI.create("HTTPS://127.0.0.1:1/v2/"))).isSameAs(secure);
            assertThat(secure.sslContext()).isSameAs(SSLContext.getDefault());
            assertThat(asked).hasValue(1);
        }
    }

    @Test
    void aTlsSetUpThatFailsIsAnIoErrorNamingItAndIsTriedAgainNextTime() {
        AtomicInteger asked = new AtomicInteger();
        SchemeClients c = new SchemeClients(HttpClient::newBuilder, () -> {
            asked.incrementAndGet();
            throw new IllegalArgumentException("TLS set-up for reg:5000 failed: no certificate in /x.pem");
        });
        URI https = URI.create("https://reg:5000/v2/");
        assertThatThrownBy(() -> c.forUri(https))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/x.pem");
        assertThatThrownBy(() -> c.forUri(https)).isInstanceOf(IOException.class);
        assertThat(asked).hasValue(2);
        c.close();
        assertThatThrownBy(() -> c.forUri(URI.create("http://reg:5000/")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }
}
