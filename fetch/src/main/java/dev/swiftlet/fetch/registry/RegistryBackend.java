package dev.swiftlet.fetch.registry;

import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.fetch.RotatableCredentials;
import dev.swiftlet.fetch.Sleeper;
import dev.swiftlet.rafs.PlainName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Blobs from an OCI registry: {@code GET /v2/<repo>/blobs/sha256:<id>} with a {@code Range} header, over the routes
 * {@link Routes} picks (mirrors, Dragonfly proxy, the registry). One attempt per call: failures come back as
 * {@link FetchException}s whose {@code retryable()} and {@code retryAfterNanos()} drive the fetcher's retry loop.
 *
 * <p>A response is data only when it is exactly what was asked for: {@code 206} with a {@code Content-Range} naming
 * the requested range and a body of exactly that length (or a {@code 200} whose body is the whole blob and the
 * request covered all of it). Anything else — a short or long body, another range, a body that stalls past the
 * timeout — is an error, never data. Redirects (to object storage) are followed by hand, without the
 * {@code Authorization} header, which is for the registry only.
 *
 * <p>TLS is set up when the first https URL is sent ({@link SchemeClients}), so a plain-HTTP registry never pays for
 * it. A config without {@code scheme} means https, as in nydusd; with {@code skip_verify}, a registry that turns out
 * not to speak TLS is spoken to over http from then on ({@link PlainHttpFallback}).
 */
public final class RegistryBackend implements Backend, RotatableCredentials {
    private static final System.Logger LOG = System.getLogger(RegistryBackend.class.getName());
    static final String USER_AGENT = "swiftlet (nydusd-compatible)";
    private static final int MAX_REDIRECTS = 5;

    private final RegistryConfig config;
    private final SchemeClients direct;
    private final RegistryAuth auth;
    private final Routes routes;
    private final PlainHttpFallback plainHttp;
    /** The trust material for https, built when the first https URL is sent ({@link SchemeClients}); guarded by this. */
    private SSLContext tls;
    /**
     * Where each blob's redirect last led (object storage) and over which route, so later ranges of that blob skip the
     * registry round trip, as nydusd caches them. Signed URLs expire: any answer there other than data drops the entry
     * and the range goes through the registry again, in the same attempt.
     */
    private final ConcurrentHashMap<String, Redirect> redirects = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_REDIRECTS = 4096;

    private record Redirect(Routes.Route route, URI target) {}

    public RegistryBackend(RegistryConfig config) {
        this(config, InstantSource.system());
    }

    /** {@code clock} tells when a bearer token has expired (a test moves it by hand). */
    RegistryBackend(RegistryConfig config, InstantSource clock) {
        this(config, clock, Sleeper.SYSTEM);
    }

    /** {@code sleeper} waits out the interval between a proxy's or mirror's health checks (a test steps it). */
    RegistryBackend(RegistryConfig config, InstantSource clock, Sleeper sleeper) {
        TlsContexts.checkFiles(config);
        this.config = config;
        this.plainHttp = new PlainHttpFallback(config);
        this.direct = clients(null);
        this.auth = new RegistryAuth(config, direct, clock);
        this.routes = new Routes(config, direct, this::clients, sleeper);
    }

    /** The clients for requests straight to the network ({@code proxy} null) or through {@code proxy}. */
    private SchemeClients clients(URI proxy) {
        return new SchemeClients(
                () -> {
                    HttpClient.Builder b = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(config.connectTimeout());
                    if (proxy != null)
                        b.proxy(ProxySelector.of(
                                new InetSocketAddress(proxy.getHost(), proxy.getPort() < 0 ? 80 : proxy.getPort())));
                    else b.proxy(HttpClient.Builder.NO_PROXY);
                    return b;
                },
                this::tls);
    }

    /** One trust set-up per backend, shared by its clients, made when an https URL is first sent. */
    private synchronized SSLContext tls() {
        if (tls == null) tls = TlsContexts.forConfig(config);
        return tls;
    }

    /** Whether this backend has set up TLS: false as long as it has sent no https URL. */
    synchronized boolean tlsBuilt() {
        return tls != null;
    }

    /** The blob's URL over the configured scheme; {@link PlainHttpFallback#current} turns it to http if need be. */
    URI blobUrl(String blobId) {
        return config.base().resolve("/v2/" + config.repo() + "/blobs/sha256:" + blobId);
    }

    @Override
    public long size(String blobId) throws FetchException {
        check(blobId, -1, 0);
        HttpResponse<byte[]> r =
                exchange(blobUrl(blobId), null, blobId, -1, 0, "HEAD", null, BodyTarget.bytes(64 * 1024));
        Optional<String> length = r.headers().firstValue("Content-Length");
        if (r.statusCode() != 200 || length.isEmpty()) {
            throw new FetchException(
                    blobId,
                    -1,
                    0,
                    describe(),
                    "HEAD answered HTTP " + r.statusCode() + (length.isEmpty() ? " without Content-Length" : ""),
                    false);
        }
        try {
            return Long.parseLong(length.get());
        } catch (NumberFormatException e) {
            throw new FetchException(blobId, -1, 0, describe(), "bad Content-Length " + length.get(), false);
        }
    }

    @Override
    public void read(String blobId, long offset, ByteBuffer dst) throws FetchException {
        read(blobId, offset, dst, null);
    }

    /** Reports a range's bytes as they arrive, once the answer's headers name the range. */
    @Override
    public void read(String blobId, long offset, ByteBuffer dst, Progress progress) throws FetchException {
        int length = dst.remaining();
        check(blobId, offset, length);
        if (length == 0) return;
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        // the body goes straight into dst; its position moves only once the answer proved to be exactly this range
        RangeBody body = new RangeBody(dst, offset, length, progress);
        HttpResponse<Long> r = viaCachedRedirect(blobId, offset, length, range, body);
        if (r == null) r = exchange(blobUrl(blobId), null, blobId, offset, length, "GET", range, body);
        switch (r.statusCode()) {
            case 206 -> {
                String cr = r.headers().firstValue("Content-Range").orElse("");
                if (!RangeBody.names(cr, offset, length)) {
                    throw new FetchException(
                            blobId,
                            offset,
                            length,
                            describe(),
                            "Content-Range '" + cr + "' does not match the requested " + range,
                            true);
                }
                expectLength(blobId, offset, length, r.body());
            }
            case 200 -> {
                // a server that ignores Range sends the whole blob: usable only if that is exactly what was asked
                if (offset != 0) {
                    throw new FetchException(
                            blobId, offset, length, describe(), "server ignored Range (200 for " + range + ")", true);
                }
                expectLength(blobId, offset, length, r.body());
            }
            default -> throw statusError(blobId, offset, length, r);
        }
        dst.position(dst.position() + length);
    }

    /**
     * A small document of the configured repository, {@code GET /v2/<repo>/<path>} sent with {@code accept}, over the
     * same routes and credentials as the blobs; {@code dev.swiftlet.fetch.oci.RegistryManifests} gets manifests this
     * way. Anything but a 200 is a {@link FetchException} naming {@code what}, so is a body larger than {@code maxBytes}.
     */
    public byte[] document(String path, String accept, String what, int maxBytes) throws FetchException {
        URI url = config.base().resolve("/v2/" + config.repo() + "/" + path);
        HttpResponse<byte[]> r =
                exchange(url, accept, what, -1, maxBytes, "GET", null, BodyTarget.bytes(maxBytes + 1L));
        if (r.statusCode() != 200) throw statusError(what, -1, 0, r);
        byte[] body = r.body();
        if (body.length > maxBytes) {
            throw new FetchException(what, -1, 0, describe(), "larger than " + (maxBytes >> 20) + " MiB", false);
        }
        return body;
    }

    private void expectLength(String blobId, long offset, int length, long received) throws FetchException {
        if (received != length) {
            throw new FetchException(
                    blobId,
                    offset,
                    length,
                    describe(),
                    (received < length ? "truncated body: " : "body too long: ") + received + " bytes for " + length
                            + " requested",
                    true);
        }
    }

    /**
     * Sends the request over the planned routes (mirror/proxy failures fall through to the next route), answering
     * auth challenges and following redirects. Returns the final response, whatever its status.
     */
    private <T> HttpResponse<T> exchange(
            URI url,
            String accept,
            String blobId,
            long offset,
            int length,
            String method,
            String range,
            BodyTarget<T> body)
            throws FetchException {
        List<Routes.Route> plan = routes.plan();
        FetchException last = null;
        for (int i = 0; i < plan.size(); i++) {
            Routes.Route route = plan.get(i);
            boolean lastRoute = i == plan.size() - 1;
            try {
                HttpResponse<T> r = authenticated(route, url, accept, blobId, offset, length, method, range, body);
                if (!lastRoute && route.failedWith(r)) {
                    route.health().failed("HTTP " + r.statusCode());
                    continue;
                }
                return r;
            } catch (FetchException e) {
                last = e;
                if (route.health() == null || lastRoute) throw e;
                route.health().failed(e.getMessage());
            }
        }
        throw last != null
                ? last
                : new FetchException(blobId, offset, length, describe(), "no route to the registry", true);
    }

    private <T> HttpResponse<T> authenticated(
            Routes.Route route,
            URI url,
            String accept,
            String blobId,
            long offset,
            int length,
            String method,
            String range,
            BodyTarget<T> body)
            throws FetchException {
        String sent = auth.header();
        HttpResponse<T> r = send(
                route,
                route.rewrite(plainHttp.current(url)),
                accept,
                blobId,
                offset,
                length,
                method,
                range,
                sent,
                0,
                body);
        if (r.statusCode() != 401) return r;
        boolean again;
        try {
            again = auth.challenged(r.headers().firstValue("WWW-Authenticate").orElse(null), sent);
        } catch (IOException e) {
            boolean retryable = !(e instanceof RegistryAuth.TokenRefusedException);
            throw new FetchException(
                    blobId, offset, length, describe(), "authentication failed: " + e.getMessage(), retryable, e);
        }
        if (!again) return r;
        return send(
                route,
                route.rewrite(plainHttp.current(url)),
                accept,
                blobId,
                offset,
                length,
                method,
                range,
                auth.header(),
                0,
                body);
    }

    /**
     * Sends one request and follows its redirects ({@code redirects} so far). A request straight to the registry
     * that finds it does not speak TLS is sent once more over http when {@link PlainHttpFallback} says so.
     */
    private <T> HttpResponse<T> send(
            Routes.Route route,
            URI url,
            String accept,
            String blobId,
            long offset,
            int length,
            String method,
            String range,
            String authorization,
            int redirects,
            BodyTarget<T> body)
            throws FetchException {
        HttpResponse<T> r;
        try {
            r = call(route, request(route, url, accept, method, range, authorization), blobId, offset, length, body);
        } catch (FetchException e) {
            if (redirects > 0 || route.health() != null || !plainHttp.fallBack(url, e.getCause())) throw e;
            url = plainHttp.current(url);
            r = call(route, request(route, url, accept, method, range, authorization), blobId, offset, length, body);
        }
        int status = r.statusCode();
        if (status >= 300 && status < 400 && status != 304) {
            String location = r.headers().firstValue("Location").orElse(null);
            if (location == null)
                throw new FetchException(
                        blobId, offset, length, describe(), "HTTP " + status + " without Location", false);
            if (redirects >= MAX_REDIRECTS)
                throw new FetchException(blobId, offset, length, describe(), "too many redirects", false);
            URI target = redirected(url.resolve(location));
            // object storage gets no registry credentials; its URL carries its own signature
            HttpResponse<T> followed =
                    send(route, target, accept, blobId, offset, length, method, range, null, redirects + 1, body);
            if (range != null && followed.statusCode() == 206) remember(blobId, route, followed.uri());
            return followed;
        }
        return r;
    }

    private HttpRequest request(
            Routes.Route route, URI url, String accept, String method, String range, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(config.timeout())
                .header("User-Agent", USER_AGENT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (range != null) b.header("Range", range);
        if (accept != null) b.header("Accept", accept);
        if (authorization != null) b.header("Authorization", authorization);
        route.headers().forEach(b::header);
        return b.build();
    }

    /** The range from the blob's remembered storage URL, or null when there is none or it no longer serves. */
    private HttpResponse<Long> viaCachedRedirect(String blobId, long offset, int length, String range, RangeBody body)
            throws FetchException {
        Redirect cached = redirects.get(blobId);
        if (cached == null) return null;
        if (cached.route().health() != null && !cached.route().health().up()) {
            redirects.remove(blobId, cached);
            return null;
        }
        HttpResponse<Long> r;
        try {
            r = send(cached.route(), cached.target(), null, blobId, offset, length, "GET", range, null, 1, body);
        } catch (FetchException e) {
            redirects.remove(blobId, cached); // the next attempt asks the registry again
            throw e;
        }
        if (r.statusCode() == 206) return r;
        LOG.log(
                System.Logger.Level.DEBUG,
                "{0}: cached redirect for {1} answered HTTP {2}; asking the registry again",
                describe(),
                blobId,
                r.statusCode());
        redirects.remove(blobId, cached);
        return null;
    }

    private void remember(String blobId, Routes.Route route, URI target) {
        if (redirects.size() >= MAX_CACHED_REDIRECTS) redirects.clear(); // many blobs: start over rather than grow
        redirects.put(blobId, new Redirect(route, target));
    }

    private URI redirected(URI target) {
        String scheme = config.blobUrlScheme() == null || config.blobUrlScheme().isEmpty()
                ? target.getScheme()
                : config.blobUrlScheme();
        String authority = config.blobRedirectedHost() == null
                        || config.blobRedirectedHost().isEmpty()
                ? target.getRawAuthority()
                : config.blobRedirectedHost();
        return URI.create(scheme + "://" + authority + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    }

    /**
     * One HTTP exchange with a bound on the whole of it (headers and body): the JDK's request timeout stops at the
     * headers, so a body that trickles is cut off here. The body target bounds what is kept of an over-long answer
     * (it is then seen and refused, never buffered without limit); reading it stays on the client's own machinery,
     * never blocking one of its threads. An exchange given up is fenced off from the body's target.
     */
    private <T> HttpResponse<T> call(
            Routes.Route route, HttpRequest request, String blobId, long offset, int length, BodyTarget<T> body)
            throws FetchException {
        HttpClient client;
        try {
            client = route.clients().forUri(request.uri());
        } catch (IOException e) {
            throw new FetchException(blobId, offset, length, describe() + " " + route.name(), e.getMessage(), false, e);
        }
        CompletableFuture<HttpResponse<T>> f = client.sendAsync(request, body.handler());
        try {
            return body.await(f, config.timeout().toNanos() * 2);
        } catch (RuntimeException e) {
            body.abandon(); // the caller's progress failed: nothing more may be written into its buffer
            f.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            body.abandon();
            f.cancel(true);
            throw new FetchException(
                    blobId,
                    offset,
                    length,
                    describe() + " " + route.name(),
                    "no complete answer within "
                            + config.timeout().multipliedBy(2).toMillis() + " ms",
                    true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.abandon();
            f.cancel(true);
            throw new FetchException(blobId, offset, length, describe(), "interrupted", false);
        } catch (ExecutionException e) {
            body.abandon();
            Throwable c = e.getCause();
            String what = c instanceof HttpTimeoutException ? "timed out" : c + plainHttp.hint(request.uri(), c);
            throw new FetchException(blobId, offset, length, describe() + " " + route.name(), what, true, c);
        }
    }

    private FetchException statusError(String blobId, long offset, int length, HttpResponse<?> r) {
        int s = r.statusCode();
        boolean retryable = s == 429 || s == 408 || s >= 500;
        long retryAfter = r.headers()
                .firstValue("Retry-After")
                .map(RegistryBackend::retryAfterNanos)
                .orElse(-1L);
        String what = "HTTP " + s
                + (s == 404 ? " (blob not in " + config.repo() + ")" : s == 401 || s == 403 ? " (not authorised)" : "");
        return new FetchException(blobId, offset, length, describe(), what, retryable, retryAfter, null);
    }

    static long retryAfterNanos(String value) {
        try {
            return TimeUnit.SECONDS.toNanos(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(
                        0,
                        Duration.between(ZonedDateTime.now(when.getZone()), when)
                                .toNanos());
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }

    private void check(String blobId, long offset, long length) throws FetchException {
        try {
            PlainName.check("blob id", blobId);
        } catch (IllegalArgumentException e) {
            throw new FetchException(blobId, offset, length, describe(), "invalid blob id: " + e.getMessage(), false);
        }
        if (!blobId.matches("[0-9a-f]{64}")) {
            throw new FetchException(blobId, offset, length, describe(), "a registry blob id is 64 hex digits", false);
        }
    }

    /**
     * Replaces the credential ({@code base64(user:password)}) this backend authenticates with, as nydusd does when
     * the snapshotter sends {@code registry_auth} through {@code PUT /api/v1/config}; tokens obtained with the old
     * one are dropped.
     */
    @Override
    public void replaceCredentials(String auth) {
        this.auth.replaceCredentials(auth);
        LOG.log(System.Logger.Level.INFO, "{0}: registry credentials replaced", describe());
    }

    @Override
    public Optional<RotatableCredentials> credentials() {
        return Optional.of(this);
    }

    /** Says {@code http} once the registry fell back to it ({@link PlainHttpFallback}). */
    @Override
    public String describe() {
        return "registry(" + plainHttp.scheme() + "://" + config.host() + "/" + config.repo()
                + (config.proxy() != null ? " via proxy " + config.proxy().url() : "") + ")";
    }

    /**
     * A registry answers each request after a fixed cost of its own CPU: read ahead in large ranges. 16 MiB halves the
     * requests, and that cost, of 8 MiB (benchmarks/RESULTS.md, "Registry backend"); since chunks are decoded as they
     * arrive, a larger range no longer makes the reader wait for all of it.
     */
    @Override
    public int preferredRequestSize() {
        return 16 << 20;
    }

    @Override
    public java.util.OptionalInt retryLimit() {
        return config.retryLimit() == null
                ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(config.retryLimit());
    }

    @Override
    public void close() {
        routes.close();
        direct.close();
    }
}
