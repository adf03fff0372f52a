package dev.swiftlet.fetch.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The OCI distribution API of one repository, for copying whole images in and out (not for the daemon's ranged
 * reads, which are {@link RegistryBackend}'s): manifests by tag or digest, blobs streamed whole, blob existence,
 * cross-repository mounts, monolithic uploads ({@code POST} then {@code PUT ?digest=}) and manifest {@code PUT}.
 * Auth as {@link RegistryAuth} does it for the backend (anonymous, basic, bearer with the scope the registry asks
 * for: a push's 401 names {@code pull,push}, and a new token is fetched for it). Straight to the registry, no proxy
 * or mirror. Every failure is an IOException naming the request and the registry's answer.
 */
public final class DistributionClient implements AutoCloseable {
    private static final int MAX_MANIFEST = 4 << 20;
    private static final int MAX_REDIRECTS = 5;

    private final RegistryConfig config;
    private final SchemeClients clients;
    private final RegistryAuth auth;

    /** A manifest as the registry sent it, with the media type from its {@code Content-Type}. */
    public record Manifest(byte[] body, String mediaType) {}

    public DistributionClient(RegistryConfig config) {
        TlsContexts.checkFiles(config);
        this.config = config;
        this.clients = new SchemeClients(
                () -> HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(config.connectTimeout())
                        .proxy(HttpClient.Builder.NO_PROXY),
                () -> TlsContexts.forConfig(config));
        this.auth = new RegistryAuth(config, clients);
    }

    public String describe() {
        return "registry(" + config.scheme() + "://" + config.host() + "/" + config.repo() + ")";
    }

    public String repository() {
        return config.repo();
    }

    public String host() {
        return config.host();
    }

    /** The manifest (or index) {@code reference}, a tag or a digest, as sent for {@code accept}. */
    public Manifest manifest(String reference, String accept) throws IOException {
        HttpResponse<byte[]> r = send(
                small(get(url("manifests/" + reference))).header("Accept", accept),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw refused("GET manifest " + reference, r);
        if (r.body().length > MAX_MANIFEST)
            throw new IOException(describe() + ": manifest " + reference + " is larger than 4 MiB");
        return new Manifest(
                r.body(),
                r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim());
    }

    /**
     * The blob {@code digest}, streamed from its start (redirects to storage followed without our credentials). A read
     * that gets no byte for the configured timeout fails, naming the blob.
     */
    public InputStream blob(String digest) throws IOException {
        HttpResponse.BodyHandler<InputStream> idleLimited =
                IdleLimitedBody.handler(config.timeout(), describe() + ": blob " + digest);
        HttpResponse<InputStream> r = send(small(get(url("blobs/" + digest))), idleLimited);
        for (int hops = 0; r.statusCode() >= 300 && r.statusCode() < 400; hops++) {
            String location = r.headers().firstValue("Location").orElse(null);
            r.body().close();
            if (location == null || hops >= MAX_REDIRECTS)
                throw new IOException(describe() + ": blob " + digest + ": bad redirect");
            r = call(small(get(r.uri().resolve(location))).build(), idleLimited);
        }
        if (r.statusCode() != 200) {
            String what = "GET blob " + digest;
            try (InputStream body = r.body()) {
                throw refused(what, r.statusCode(), new String(body.readNBytes(512), StandardCharsets.UTF_8));
            }
        }
        return r.body();
    }

    /** Whether the repository holds the blob already. */
    public boolean hasBlob(String digest) throws IOException {
        HttpResponse<Void> r = send(
                small(HttpRequest.newBuilder(url("blobs/" + digest)))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return true;
        if (r.statusCode() == 404) return false;
        throw refused("HEAD blob " + digest, r.statusCode(), "");
    }

    /**
     * Asks the registry to link the blob from {@code fromRepository} on the same registry (no bytes sent). False when
     * it will not (the blob is not there, or the registry does not mount): the caller uploads it instead.
     */
    public boolean mountBlob(String digest, String fromRepository) throws IOException {
        URI u = url("blobs/uploads/?mount=" + digest + "&from="
                + URLEncoder.encode(fromRepository, StandardCharsets.UTF_8));
        HttpResponse<Void> r = send(
                small(HttpRequest.newBuilder(u)).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 201) return true;
        if (r.statusCode() == 202) {
            cancelUpload(r); // the registry opened an upload instead; a fresh one is started by upload()
            return false;
        }
        if (r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() == 404) return false;
        throw refused("POST mount of blob " + digest + " from " + fromRepository, r.statusCode(), "");
    }

    /** Uploads {@code file} as the blob {@code digest} in one request; the registry checks the digest. */
    public void upload(String digest, Path file) throws IOException {
        upload(digest, HttpRequest.BodyPublishers.ofFile(file), false);
    }

    /** Uploads a small blob held in memory. */
    public void upload(String digest, byte[] content) throws IOException {
        upload(digest, HttpRequest.BodyPublishers.ofByteArray(content), true);
    }

    /** POST for an upload session, then one PUT with the bytes; a large body's PUT has no overall time limit. */
    private void upload(String digest, HttpRequest.BodyPublisher body, boolean small) throws IOException {
        HttpResponse<String> start = send(
                small(HttpRequest.newBuilder(url("blobs/uploads/"))).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString());
        if (start.statusCode() != 202) throw refused("POST upload of blob " + digest, start);
        URI location = uploadLocation(start);
        String sep = location.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(location + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(body);
        HttpResponse<String> r = send(small ? small(b) : b, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw refused("PUT blob " + digest, r);
    }

    /**
     * The configured timeout on a request whose exchange is small (or, for a blob download, until its headers): a
     * registry that stops answering fails the conversion instead of hanging it.
     */
    private HttpRequest.Builder small(HttpRequest.Builder b) {
        return b.timeout(config.timeout());
    }

    /** Stores the manifest under {@code reference} (a tag): the step that makes an image visible, so it comes last. */
    public void putManifest(String reference, String mediaType, byte[] manifest) throws IOException {
        HttpResponse<String> r = send(
                small(HttpRequest.newBuilder(url("manifests/" + reference)))
                        .header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw refused("PUT manifest " + reference, r);
    }

    private URI uploadLocation(HttpResponse<?> r) throws IOException {
        String location = r.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IOException(describe() + ": upload without Location"));
        return url("").resolve(location);
    }

    private void cancelUpload(HttpResponse<?> r) {
        Optional<String> location = r.headers().firstValue("Location");
        if (location.isEmpty()) return;
        try {
            send(
                    small(HttpRequest.newBuilder(url("").resolve(location.get())))
                            .DELETE(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException | IllegalArgumentException ignored) {
            // an abandoned upload session expires on the registry's side
        }
    }

    private URI url(String rest) {
        return config.base().resolve("/v2/" + config.repo() + "/" + rest);
    }

    private static HttpRequest.Builder get(URI u) {
        return HttpRequest.newBuilder(u).GET();
    }

    /** One request with the registry's auth: sent anonymously or with what we hold, and once more after a 401. */
    private <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) throws IOException {
        String sent = auth.header();
        HttpResponse<T> r = call(withAuth(b, sent), handler);
        if (r.statusCode() != 401) return r;
        if (!auth.challenged(r.headers().firstValue("WWW-Authenticate").orElse(null), sent)) return r;
        if (r.body() instanceof InputStream in) in.close();
        return call(withAuth(b, auth.header()), handler);
    }

    private HttpRequest withAuth(HttpRequest.Builder b, String authorization) {
        HttpRequest.Builder c = b.copy().header("User-Agent", RegistryBackend.USER_AGENT);
        if (authorization != null) c.setHeader("Authorization", authorization);
        return c.build();
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return clients.forUri(request.uri()).send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(describe() + ": interrupted during " + request.method() + " "
                    + request.uri().getPath());
        } catch (IOException e) {
            throw new IOException(
                    describe() + ": " + request.method() + " " + request.uri().getPath() + ": " + e, e);
        }
    }

    private IOException refused(String what, HttpResponse<?> r) {
        Object body = r.body();
        String text = body instanceof byte[] b
                ? new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8)
                : body instanceof String s ? s.substring(0, Math.min(s.length(), 512)) : "";
        return refused(what, r.statusCode(), text);
    }

    private IOException refused(String what, int status, String body) {
        String hint =
                status == 401 || status == 403 ? " (not authorised: --creds?)" : status == 404 ? " (not found)" : "";
        return new IOException(describe() + ": " + what + " answered HTTP " + status + hint
                + (body.isBlank() ? "" : ": " + body.strip()));
    }

    @Override
    public void close() {
        clients.close();
    }
}
