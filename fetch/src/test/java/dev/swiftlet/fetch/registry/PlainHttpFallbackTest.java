package dev.swiftlet.fetch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * nydusd's https-to-http rule ({@code needs_fallback_http}): only with {@code skip_verify}, only for the registry's
 * own https URLs, only for a failure that shows TLS was refused; then for good. The real registry case is in
 * {@link RegistryTlsAndRedirectTest}.
 */
class PlainHttpFallbackTest {
    static final URI BLOB = URI.create("https://reg.example:5000/v2/demo/blobs/sha256:00?x=1");
    /** How the JDK client reports an answer that is not TLS: the engine's exception, wrapped. */
    static final Throwable NOT_TLS = new IOException(new SSLException("Unsupported or unrecognized SSL message"));

    static final Throwable REFUSED = new ConnectException(null);

    static {
        REFUSED.initCause(new ConnectException("Connection refused"));
    }

    static PlainHttpFallback fallback(String scheme, boolean skipVerify) {
        return new PlainHttpFallback(new RegistryConfig(
                scheme,
                "reg.example:5000",
                "demo",
                null,
                null,
                skipVerify,
                List.of(),
                "",
                "",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                null,
                List.of()));
    }

    @Test
    void withoutSkipVerifyATlsFailureStandsAndTheErrorSaysWhatToSet() {
        PlainHttpFallback f = fallback("https", false);
        assertThat(f.fallBack(BLOB, NOT_TLS)).isFalse();
        assertThat(f.scheme()).isEqualTo("https");
        assertThat(f.current(BLOB)).isEqualTo(BLOB);
        assertThat(f.hint(BLOB, NOT_TLS)).contains("\"scheme\": \"http\"").contains("skip_verify");
        assertThat(f.hint(BLOB, new IOException("Broken pipe"))).isEmpty();
    }

    @Test
    void withSkipVerifyTheFirstTlsRefusalSwitchesTheRegistryToHttpForGood() {
        PlainHttpFallback f = fallback("https", true);
        assertThat(f.fallBack(BLOB, NOT_TLS)).isTrue();
        assertThat(f.scheme()).isEqualTo("http");
        assertThat(f.current(BLOB)).isEqualTo(URI.create("http://reg.example:5000/v2/demo/blobs/sha256:00?x=1"));
        // a request that left over https before the switch is sent again too; one sent over http is not
        assertThat(f.fallBack(BLOB, NOT_TLS)).isTrue();
        assertThat(f.fallBack(f.current(BLOB), NOT_TLS)).isFalse();
        assertThat(f.hint(BLOB, NOT_TLS)).isEmpty();
    }

    @Test
    void aRefusedHttpsPortFallsBackAsInNydusd() {
        PlainHttpFallback f = fallback("https", true);
        assertThat(f.fallBack(BLOB, REFUSED)).isTrue();
        assertThat(f.scheme()).isEqualTo("http");
    }

    @Test
    void otherFailuresOtherHostsAndAnHttpConfigNeverFallBack() {
        PlainHttpFallback f = fallback("https", true);
        assertThat(f.fallBack(BLOB, new HttpConnectTimeoutException("HTTP connect timed out")))
                .isFalse();
        assertThat(f.fallBack(BLOB, new IOException("Connection reset"))).isFalse();
        assertThat(f.fallBack(BLOB, new ConnectException("No route to host"))).isFalse();
        // redirect targets (object storage) and token realms keep their scheme
        URI storage = URI.create("https://storage.example/blob?sig=1");
        assertThat(f.fallBack(storage, new SSLHandshakeException("Remote host terminated the handshake")))
                .isFalse();
        assertThat(f.scheme()).isEqualTo("https");
        PlainHttpFallback http = fallback("http", true);
        assertThat(http.scheme()).isEqualTo("http");
        assertThat(http.current(storage)).isEqualTo(storage);
    }
}
