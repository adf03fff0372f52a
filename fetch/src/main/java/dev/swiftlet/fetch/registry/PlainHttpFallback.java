package dev.swiftlet.fetch.registry;

import java.net.ConnectException;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * The scheme a registry is spoken to in: nydusd's https-to-http fallback ({@code needs_fallback_http} in nydus
 * {@code storage/src/backend/registry.rs}). nydus-snapshotter never writes {@code scheme}, so a registry config
 * starts on https; with {@code skip_verify} set, a request to the registry that fails because TLS could not be
 * set up (the answer was not TLS, the handshake broke off) or because the https port refused the connection
 * switches the backend to plain http for good, and that request is sent once more over http. Without
 * {@code skip_verify} nothing changes: the TLS error is the answer.
 *
 * <p>Only the registry's own URLs ({@code scheme://host/v2/…}) change scheme: redirect targets (object storage),
 * the token realm and mirrors keep the scheme they were given, as in nydusd. Thread-safe.
 */
final class PlainHttpFallback {
    private static final System.Logger LOG = System.getLogger(PlainHttpFallback.class.getName());

    private final String host;
    private final boolean allowed;
    private final AtomicBoolean plain;

    PlainHttpFallback(RegistryConfig config) {
        this.host = config.host();
        this.allowed = config.skipVerify();
        this.plain = new AtomicBoolean("http".equals(config.scheme()));
    }

    /** {@code http} or {@code https}: what the registry is spoken to in now. */
    String scheme() {
        return plain.get() ? "http" : "https";
    }

    /** {@code url}, over http if it is one of the registry's https URLs and the registry turned out to be plain. */
    URI current(URI url) {
        if (!plain.get() || !isRegistryHttps(url)) return url;
        return URI.create("http://" + url.getRawAuthority() + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    /**
     * Whether the request to {@code sentTo} that failed with {@code failure} should be sent again over http (see
     * {@link #current}). The first such failure switches the backend and is logged; a request that was already on its
     * way over https when another one switched is sent again too.
     */
    boolean fallBack(URI sentTo, Throwable failure) {
        if (!allowed || !isRegistryHttps(sentTo)) return false;
        String why = tlsRefused(failure);
        if (why == null) return false;
        if (plain.compareAndSet(false, true)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "registry {0} did not speak TLS ({1}); skip_verify is set, so it is spoken to"
                            + " over plain http from now on",
                    host,
                    why);
        }
        return true;
    }

    /**
     * For a TLS failure that will not fall back: what to tell the operator, or an empty string. A registry serving
     * plain HTTP is reached with {@code "scheme": "http"}, or with {@code skip_verify} (nydusd's fallback).
     */
    String hint(URI sentTo, Throwable failure) {
        if (allowed || !isRegistryHttps(sentTo) || tlsRefused(failure) == null) return "";
        return "; if " + host
                + " serves plain HTTP, set \"scheme\": \"http\" (or \"skip_verify\": true to fall back to http)";
    }

    private boolean isRegistryHttps(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) && host.equalsIgnoreCase(url.getRawAuthority());
    }

    /**
     * What in {@code failure}'s causes shows that TLS was refused, or null. nydusd matches its TLS library's words
     * ("wrong version number", "ssl", "connection refused"); the JDK's are its types: any {@link SSLException}
     * (an answer that is not TLS, a handshake cut short) and a refused connection.
     */
    static String tlsRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) return t.toString();
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof ConnectException && m.contains("connection refused")) return "connection refused";
        }
        return null;
    }
}
