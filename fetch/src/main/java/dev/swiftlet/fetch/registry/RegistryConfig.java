package dev.swiftlet.fetch.registry;

import dev.swiftlet.fetch.BackendSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * nydusd's {@code registry} backend configuration (spec §A.4, §E), validated.
 *
 * @param scheme {@code http} or {@code https}
 * @param host {@code host[:port]} of the registry
 * @param repo repository, e.g. {@code library/ubuntu}
 * @param auth base64 {@code user:password} for basic auth and token requests, or null
 * @param registryToken an initial bearer token, or null
 * @param skipVerify accept any TLS certificate (test registries)
 * @param caCertFiles PEM bundles added to the trusted CAs
 * @param blobUrlScheme when not empty, replaces the scheme of redirect targets (object storage)
 * @param blobRedirectedHost when not empty, replaces the host of redirect targets
 * @param timeout whole-request timeout (headers and body)
 * @param connectTimeout TCP (and TLS) connect timeout
 * @param proxy the Dragonfly dfdaemon proxy, or null
 * @param mirrors mirrors tried before the registry (nydus ≤ 2.3 {@code mirrors}); empty for none
 * @param retryLimit nydusd's {@code retry_limit}: how many times a failed read is tried again after the first try
 *     (0..255), or null when the config does not say (the fetcher's own retry policy then decides)
 */
public record RegistryConfig(
        String scheme,
        String host,
        String repo,
        String auth,
        String registryToken,
        boolean skipVerify,
        List<Path> caCertFiles,
        String blobUrlScheme,
        String blobRedirectedHost,
        Duration timeout,
        Duration connectTimeout,
        Proxy proxy,
        List<Mirror> mirrors,
        Integer retryLimit)
        implements BackendSpec {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** nydusd reads {@code retry_limit} as a {@code u8}. */
    public static final int MAX_RETRY_LIMIT = 255;

    public RegistryConfig {
        if (!"http".equals(scheme) && !"https".equals(scheme))
            throw new IllegalArgumentException("scheme must be http or https, got " + scheme);
        if (host == null || host.isBlank() || host.contains("/"))
            throw new IllegalArgumentException("host must be host[:port], got " + host);
        if (repo == null || repo.isBlank() || repo.contains("..") || repo.startsWith("/")) {
            throw new IllegalArgumentException("repo must be a repository name, got " + repo);
        }
        caCertFiles = caCertFiles == null ? List.of() : List.copyOf(caCertFiles);
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
        if (timeout == null || timeout.isZero()) timeout = DEFAULT_TIMEOUT;
        if (connectTimeout == null || connectTimeout.isZero()) connectTimeout = DEFAULT_TIMEOUT;
        if (retryLimit != null && (retryLimit < 0 || retryLimit > MAX_RETRY_LIMIT)) {
            throw new IllegalArgumentException(
                    "retry_limit must be within 0.." + MAX_RETRY_LIMIT + ", got " + retryLimit);
        }
    }

    /** A config that leaves retries to the fetcher's policy (no {@code retry_limit}). */
    public RegistryConfig(
            String scheme,
            String host,
            String repo,
            String auth,
            String registryToken,
            boolean skipVerify,
            List<Path> caCertFiles,
            String blobUrlScheme,
            String blobRedirectedHost,
            Duration timeout,
            Duration connectTimeout,
            Proxy proxy,
            List<Mirror> mirrors) {
        this(
                scheme,
                host,
                repo,
                auth,
                registryToken,
                skipVerify,
                caCertFiles,
                blobUrlScheme,
                blobRedirectedHost,
                timeout,
                connectTimeout,
                proxy,
                mirrors,
                null);
    }

    /** A registry reachable without auth, TLS options, proxy or mirrors. */
    public static RegistryConfig simple(String scheme, String host, String repo) {
        return new RegistryConfig(
                scheme, host, repo, null, null, false, List.of(), "", "", null, null, null, List.of());
    }

    @Override
    public String type() {
        return "registry";
    }

    public URI base() {
        return URI.create(scheme + "://" + host);
    }

    /**
     * Dragonfly dfdaemon as an HTTP forward proxy.
     *
     * @param url the proxy, e.g. {@code http://127.0.0.1:4001}
     * @param pingUrl health check URL (2xx = healthy); null: {@code url}
     * @param fallback go straight to the registry while the proxy is unhealthy
     * @param checkInterval how often the health check runs
     * @param useHttp send {@code https} registry URLs to the proxy as {@code http} (nydusd's {@code use_http}), so
     *     dfdaemon sees the plain request (and can serve it by P2P) instead of a CONNECT tunnel it cannot look into;
     *     dfdaemon's proxy rules ({@code useHTTPS}) then go to the registry over https
     */
    public record Proxy(URI url, URI pingUrl, boolean fallback, Duration checkInterval, boolean useHttp) {
        public Proxy {
            if (url == null || url.getHost() == null)
                throw new IllegalArgumentException("proxy.url must be an http URL");
            if (pingUrl == null) pingUrl = url;
            if (checkInterval == null || checkInterval.isZero() || checkInterval.isNegative())
                checkInterval = Duration.ofSeconds(5);
        }

        /** A proxy that sees registry URLs as they are (no {@code use_http}). */
        public Proxy(URI url, URI pingUrl, boolean fallback, Duration checkInterval) {
            this(url, pingUrl, fallback, checkInterval, false);
        }
    }

    /**
     * A registry mirror (e.g. dfdaemon in mirror mode): requests go to {@code host} with {@code headers}; after
     * {@code failureLimit} failures it is skipped until its health check ({@code pingUrl}, default
     * {@code host/v2}) answers again, checked every {@code healthCheckInterval}.
     */
    public record Mirror(
            URI host, Map<String, String> headers, URI pingUrl, Duration healthCheckInterval, int failureLimit) {
        public Mirror {
            if (host == null || host.getHost() == null)
                throw new IllegalArgumentException("mirrors[].host must be a URL");
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            headers.forEach(Mirror::checkHeader);
            if (pingUrl == null) pingUrl = host.resolve("/v2/");
            if (healthCheckInterval == null || healthCheckInterval.isZero())
                healthCheckInterval = Duration.ofSeconds(5);
            if (failureLimit <= 0) failureLimit = 5;
        }

        /** Header names the JDK client sets itself (it would refuse them at send time, as an unchecked error). */
        private static final java.util.Set<String> RESERVED =
                java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

        /** Refused when the config is read, not at the first request: a bad name, a reserved one, or a line break. */
        private static void checkHeader(String name, String value) {
            if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+"))
                throw new IllegalArgumentException("headers: '" + name + "' is not a header name");
            if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "headers: " + name + " is set by the HTTP client and cannot be configured");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)
                throw new IllegalArgumentException("headers: " + name + " contains a line break");
        }
    }
}
