package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.frontend.Culler;
import dev.swiftlet.daemon.frontend.HandOver;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.images.ImageTableException;
import dev.swiftlet.daemon.logging.LogLevels;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.daemon.metrics.PrometheusText;
import dev.swiftlet.fetch.registry.RegistryBackend;
import dev.swiftlet.sys.Fd;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps method + path to image table and daemon calls; transport-free (the server hands it method, URI and
 * body), so it is tested without a socket. Blocking: the server calls it off the event loop. Endpoints and
 * status codes follow nydusd (see {@code admin-api.yaml}): 200 with a body, 204 without, 400 for bad input
 * and unexpected lifecycle events, 404 for unknown paths and entries, 501 for what this daemon cannot do.
 */
public final class AdminRouter {
    private static final System.Logger LOG = System.getLogger(AdminRouter.class.getName());
    /** Paths that exist, so a wrong method on them is a 400 (nydusd BadRequest) rather than a 404. */
    private static final Set<String> PATHS = Set.of("/api/v1/daemon", "/api/v2/daemon", "/api/v1/daemon/start",
            "/api/v1/daemon/exit", "/api/v1/daemon/fuse/sendfd", "/api/v1/daemon/fuse/takeover", "/api/v2/blobs",
            "/api/v1/metrics", "/api/v1/metrics/blobcache", "/api/v1/metrics/prometheus", "/api/v1/config", "/api/v1/swiftlet/stats",
            "/api/v1/swiftlet/mounts");

    /**
     * Who the daemon is, for the info endpoints and the supervisor protocol.
     *
     * @param daemonId {@code --id}
     * @param frontEnd the front end's name ("cachefiles", "fanotify", "none")
     * @param supervisor {@code --supervisor}, or null when fail-over is off
     */
    public record Identity(String daemonId, String frontEnd, Path supervisor) {}

    private final ImageTable images;
    private final BlobCacheEntries entries;
    private final DaemonMetrics metrics;
    private final MountPlan.Planner planner;
    private final DaemonControl control;
    private final Culler culler;
    private final Identity identity;
    private final RuntimeConfig runtimeConfig = new RuntimeConfig();

    public AdminRouter(BlobCacheEntries entries, ImageTable images, DaemonMetrics metrics, MountPlan.Planner planner,
                       DaemonControl control, Culler culler, Identity identity) {
        this.images = images;
        this.entries = entries;
        this.metrics = metrics;
        this.planner = planner;
        this.control = control;
        this.culler = culler;
        this.identity = identity;
    }

    /** A router for a daemon that is always RUNNING, has no supervisor and cannot cull (tests, tools). */
    public AdminRouter(ImageTable images, DaemonMetrics metrics, MountPlan.Planner planner, String daemonId,
                       String frontEnd) {
        this(new BlobCacheEntries(images), images, metrics, planner, AlwaysRunning.INSTANCE, null,
                new Identity(daemonId, frontEnd, null));
    }

    /** Runtime settings clients set with {@code PUT /api/v1/config}. */
    public RuntimeConfig runtimeConfig() {
        return runtimeConfig;
    }

    public ApiResponse handle(String method, String uri, String body) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        try {
            Map<String, String> query = parseQuery(q < 0 ? "" : uri.substring(q + 1));
            return route(method, path, query, body);
        } catch (ImageTableException e) {
            return error(e.notFound() ? 404 : 400, e.notFound() ? "NotFound" : "InvalidRequest", e.getMessage());
        } catch (ApiException e) {
            return error(e.status(), e.code(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, method + " " + path + " failed", e);
            return error(500, "InternalError", method + " " + path + ": " + e);
        }
    }

    private ApiResponse route(String method, String path, Map<String, String> query, String body) throws IOException {
        return switch (method + " " + path) {
            case "GET /api/v1/daemon" -> new ApiResponse(200, daemonInfo(true));
            case "GET /api/v2/daemon" -> new ApiResponse(200, daemonInfo(false));
            case "PUT /api/v1/daemon", "PUT /api/v2/daemon" -> configureDaemon(body);
            case "PUT /api/v1/daemon/start" -> {
                control.start();
                yield ApiResponse.noContent();
            }
            case "PUT /api/v1/daemon/exit" -> {
                // answered only once the requests this daemon took are done: the snapshotter's hot upgrade sends the
                // successor's start right after, and every READ still queued must then be the successor's
                control.quiesce();
                yield ApiResponse.noContentThen(control::exit);
            }
            case "PUT /api/v1/daemon/fuse/sendfd" -> sendFd();
            case "PUT /api/v1/daemon/fuse/takeover" -> takeOver();
            case "PUT /api/v2/blobs" -> {
                entries.add(body);
                yield ApiResponse.noContent();
            }
            case "POST /api/v1/swiftlet/mounts" -> registerAndPlan(body);
            case "GET /api/v2/blobs" -> ok(list());
            case "DELETE /api/v2/blobs" -> delete(query);
            case "GET /api/v1/metrics" -> fsMetrics(query.getOrDefault("id", ""));
            case "GET /api/v1/metrics/blobcache" -> blobMetrics(query);
            case "GET /api/v1/metrics/prometheus" ->
                    new ApiResponse(200, PrometheusText.format(counters()), ApiResponse.PROMETHEUS_TEXT, null);
            case "GET /api/v1/swiftlet/stats" -> ok(Json.mapper().valueToTree(metrics.snapshot()));
            case "PUT /api/v1/config" -> configure(query.getOrDefault("id", ""), BlobCacheEntries.readJson(body, "the body"));
            case "GET /api/v1/config" -> ok(Json.mapper().valueToTree(runtimeConfig.masked(query.getOrDefault("id", ""))));
            default -> {
                if (path.equals("/api/v1/mount")) throw ApiException.unsupported("/api/v1/mount is for FUSE daemons; use PUT /api/v2/blobs");
                if (PATHS.contains(path)) throw ApiException.badRequest(method + " is not supported on " + path);
                throw new ApiException(404, "NotFound", "no endpoint " + method + " " + path);
            }
        };
    }

    /** nydusd's DaemonInfo; written without databind, as it is the first answer the snapshotter waits for. */
    private String daemonInfo(boolean withBackends) {
        VersionInfo v = VersionInfo.current();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("version");
            g.writeStringField("package_ver", v.packageVersion());
            g.writeStringField("git_commit", v.gitCommit());
            g.writeStringField("build_time", v.buildTime());
            g.writeStringField("profile", v.profile());
            g.writeStringField("rustc", v.runtime());
            g.writeEndObject();
            g.writeStringField("id", identity.daemonId());
            g.writeStringField("supervisor", identity.supervisor() == null ? null : identity.supervisor().toString());
            g.writeStringField("state", control.state().name());
            if (withBackends) {
                g.writeObjectFieldStart("backend_collection");
                g.writeEndObject();
            }
            g.writeStringField("frontend", identity.frontEnd());
            g.writeEndObject();
        });
    }

    /**
     * {@code PUT /api/v1/config?id=}: stores the settings, and hands a {@code registry_auth} to the registry backends of
     * the images {@code id} names at once (their next request uses it; tokens of the old credentials are dropped) and
     * to their saved entries, so a successor starts with it too.
     */
    private ApiResponse configure(String id, JsonNode settings) throws ApiException {
        JsonNode auth = settings.path("registry_auth");
        if (auth.isTextual() && !auth.asText().matches("[A-Za-z0-9+/=]*")) {
            throw ApiException.badRequest("registry_auth must be base64 of user:password");
        }
        runtimeConfig.put(id, settings);
        if (auth.isTextual()) {
            List<ImageEntry> named = RuntimeConfig.imagesFor(id, images.list());
            Set<RegistryBackend> backends = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (ImageEntry image : named) {
                for (BlobEntry b : image.blobs()) {
                    if (b.backend() instanceof RegistryBackend r) backends.add(r);
                }
                entries.replaceAuth(image, auth.asText());
            }
            backends.forEach(r -> r.replaceCredentials(auth.asText()));
            LOG.log(System.Logger.Level.INFO, "registry_auth for ''{0}'': {1} image(s), {2} registry backend(s) updated",
                    id, named.size(), backends.size());
        }
        return ApiResponse.noContent();
    }

    private ApiResponse configureDaemon(String body) throws ApiException {
        JsonNode n = BlobCacheEntries.readJson(body, "the body");
        JsonNode level = n.path("log_level");
        if (!level.isTextual()) throw ApiException.badRequest("the body must be {\"log_level\": \"trace|debug|info|warn|error\"}");
        try {
            LogLevels.apply(LogLevels.parse(level.asText()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "log level set to {0}", level.asText());
        return ApiResponse.noContent();
    }

    private Supervisor supervisor(String what) throws ApiException {
        if (identity.supervisor() == null) {
            throw ApiException.badRequest(what + " needs a supervisor: start the daemon with --id and --supervisor");
        }
        return new Supervisor(identity.supervisor());
    }

    /**
     * Saves the registered entries and the front end's descriptor to the supervisor, in every state: the snapshotter
     * calls this after each mount and umount while its supervisor waits, with no timeout and holding a lock, for a
     * connection, so every call connects, whatever else fails. In INIT the daemon holds no descriptor yet (it waits to
     * take over the one the supervisor keeps): the entries go without one, and nydus-snapshotter's supervisor, which
     * stores only a state that comes with a descriptor, keeps its predecessor's.
     */
    private ApiResponse sendFd() throws IOException {
        Supervisor s = supervisor("sendfd");
        DaemonState state = control.state();
        byte[] saved = new SavedState(identity.daemonId(), identity.frontEnd(), entries.snapshot()).toBytes();
        if (state == DaemonState.INIT) {
            s.save(saved);
            LOG.log(System.Logger.Level.INFO, "sendfd in INIT: sent the entries without a descriptor to supervisor {0}",
                    s.socket());
            return ApiResponse.noContent();
        }
        Fd device;
        try {
            device = Fd.borrow(control.handOver().deviceFd());
        } catch (IOException | RuntimeException e) {
            s.save(saved);
            throw e;
        }
        s.save(saved, device);
        LOG.log(System.Logger.Level.INFO, "saved the blob cache entries and the device fd to supervisor {0} ({1})",
                s.socket(), state);
        return ApiResponse.noContent();
    }

    /**
     * Takes over from the daemon that last saved to the supervisor: re-registers its entries (an entry that
     * no longer registers is logged and skipped, so the other images keep working), then adopts its descriptor.
     */
    private ApiResponse takeOver() throws IOException {
        Supervisor s = supervisor("takeover");
        DaemonState state = control.state();
        if (state != DaemonState.INIT) throw ApiException.unexpectedEvent("takeover", state);
        Supervisor.Restored restored = s.restore();
        List<Fd> fds = restored.fds();
        try {
            if (fds.isEmpty()) throw new IOException("takeover from supervisor " + s.socket() + ": no descriptor came with the state");
            SavedState saved = SavedState.parse(restored.state());
            int added = 0;
            for (JsonNode entry : saved.entries()) {
                try {
                    entries.add(entry);
                    added++;
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "takeover: entry " + entry.path("domain_id").asText("") + "/"
                            + entry.path("id").asText("") + " not restored: " + e.getMessage());
                }
            }
            control.takeOver(fds.getFirst());
            LOG.log(System.Logger.Level.INFO, "took over from daemon {0} ({1}): {2} of {3} entries restored",
                    saved.daemonId(), saved.frontEnd(), added, saved.entries().size());
        } catch (IOException | RuntimeException e) {
            fds.forEach(Fd::closeQuietly);
            throw e;
        }
        fds.subList(1, fds.size()).forEach(Fd::closeQuietly);
        return ApiResponse.noContent();
    }

    private ApiResponse registerAndPlan(String body) throws IOException {
        ImageEntry entry = entries.add(body);
        MountPlan mp;
        try {
            mp = planner.prepare(entry);
        } catch (IOException | RuntimeException e) {
            entries.remove(entry.spec().domainId(), entry.id());
            throw e;
        }
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", entry.id());
        n.put("domain_id", entry.spec().domainId());
        n.put("source", mp.source());
        n.put("options", mp.options());
        return ok(n);
    }

    private ObjectNode list() {
        ObjectNode n = Json.mapper().createObjectNode();
        var arr = n.putArray("images");
        for (ImageEntry e : images.list()) {
            ObjectNode i = arr.addObject();
            i.put("key", e.key());
            i.put("bootstrap", e.spec().bootstrap().toString());
            var b = i.putArray("blobs");
            e.blobs().forEach(x -> b.add(x.key()));
        }
        return n;
    }

    /**
     * nydusd: with {@code domain_id} (even empty), release the image {@code blob_id} of that domain, or the
     * whole domain when {@code blob_id} is absent; with only {@code blob_id}, cull that blob's cache file.
     */
    private ApiResponse delete(Map<String, String> q) throws IOException {
        String blobId = q.get("blob_id");
        if (q.containsKey("domain_id")) {
            String domain = q.get("domain_id");
            if (blobId == null || blobId.isEmpty()) {
                if (domain.isEmpty()) throw ApiException.badRequest("domain_id or blob_id must not be empty");
                checkName("domain_id", domain);
                entries.removeDomain(domain);
            } else {
                entries.remove(domain, blobId);
            }
            return ApiResponse.noContent();
        }
        if (blobId == null || blobId.isEmpty()) throw ApiException.badRequest("DELETE /api/v2/blobs needs domain_id or blob_id");
        checkName("blob_id", blobId);
        if (culler == null) {
            throw ApiException.unsupported("culling cache files needs the cachefiles front end (this daemon runs "
                    + identity.frontEnd() + ")");
        }
        Culler.Culled culled = culler.cull(blobId);
        if (!culled.inUse().isEmpty()) {
            // nydusd fails the request too: the snapshotter's cache GC must not think the space was freed
            throw new ApiException(409, "BlobInUse", "blob " + blobId + " is still in use by a mount, its cache file was "
                    + "not culled: " + String.join(", ", culled.inUse()) + " (" + culled.removed() + " other file(s) culled)");
        }
        return ApiResponse.noContent();
    }

    /**
     * nydusd's file system metrics: empty {@code id} for the daemon; otherwise an image as {@code PUT /api/v1/config}'s
     * {@code id} names it (the snapshotter sends {@code /SNAPSHOT}), 404 when none is registered (nydusd's NoCounter).
     */
    private ApiResponse fsMetrics(String id) throws ImageTableException {
        if (!id.isEmpty() && RuntimeConfig.imagesFor(id, images.list()).isEmpty()) throw ImageTableException.notFound(id);
        return new ApiResponse(200, FsMetricsJson.format(id.startsWith("/") ? id.substring(1) : id, metrics));
    }

    /**
     * {@code id} forms: empty (daemon totals), {@code <domain>/<blobId>} (one blob), or an image with the
     * snapshotter's leading '/' ({@code /<fscacheID>} or {@code /<snapshotID>}: the image's blobs as nydusd's blob
     * cache metrics).
     */
    private ApiResponse blobMetrics(Map<String, String> q) throws IOException {
        String id = q.getOrDefault("id", "");
        if (id.startsWith("/")) id = id.substring(1);
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", id);
        int slash = id.indexOf('/');
        if (!id.isEmpty() && slash < 0) {
            // the fscache id (the snapshotter's RefreshUnderlyingFiles) or the snapshot id (its metrics collector)
            String imageId = id;
            ImageEntry image = RuntimeConfig.imagesFor(imageId, images.list()).stream().findFirst()
                    .orElseThrow(() -> ImageTableException.notFound(imageId));
            imageMetrics(n, image);
            return ok(n);
        }
        if (!id.isEmpty()) {
            BlobEntry b = images.blob(id.substring(0, slash), id.substring(slash + 1))
                    .orElseThrow(() -> ImageTableException.notFound(q.get("id")));
            BlobCache cache = b.cacheIfOpen();
            n.put("backend", b.backend().describe());
            n.put("size", b.size());
            n.put("complete", cache != null && cache.isComplete());
        }
        metrics.snapshot().forEach(n::put);
        return ok(n);
    }

    /** nydus-snapshotter's BlobCacheMetrics fields; per-blob hit counts are not kept, so they are daemon totals. */
    private void imageMetrics(ObjectNode n, ImageEntry image) {
        var files = n.putArray("underlying_files");
        boolean allReady = true;
        for (BlobEntry b : image.blobs()) {
            files.add(b.blobId());
            BlobCache cache = b.cacheIfOpen();
            allReady &= cache != null && cache.isComplete();
        }
        Map<String, Long> c = metrics.snapshot();
        n.put("store_path", image.spec().bootstrap().toString());
        n.put("partial_hits", 0L);
        n.put("whole_hits", c.getOrDefault("hits", 0L));
        n.put("total", c.getOrDefault("requests", 0L));
        n.put("entries_count", image.blobs().size());
        n.put("prefetch_data_amount", c.getOrDefault("bytes_prefetched", 0L));
        for (String zero : List.of("prefetch_requests_count", "prefetch_workers", "prefetch_unmerged_chunks",
                "prefetch_cumulative_time_millis", "prefetch_begin_time_secs", "prefetch_begin_time_millis",
                "prefetch_end_time_secs", "prefetch_end_time_millis", "buffered_backend_size")) {
            n.put(zero, 0L);
        }
        n.put("data_all_ready", allReady);
    }

    private Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(metrics.snapshot());
        List<ImageEntry> all = images.list();
        m.put("images_registered", (long) all.size());
        m.put("blobs_registered", all.stream().flatMap(i -> i.blobs().stream()).map(BlobEntry::key).distinct().count());
        return m;
    }

    private static void checkName(String what, String value) throws ApiException {
        if (value.equals(".") || value.equals("..") || value.contains("/") || value.indexOf('\0') >= 0 || value.length() > 255) {
            throw ApiException.badRequest(what + " '" + value.replace("\0", "\\0")
                    + "' is not allowed: it must be a plain name (no '/', '..', NUL; at most 255 bytes)");
        }
    }

    private static ApiResponse ok(JsonNode n) {
        return new ApiResponse(200, n.toString());
    }

    static ApiResponse error(int status, String code, String message) {
        return new ApiResponse(status, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        }));
    }

    private static Map<String, String> parseQuery(String q) throws ApiException {
        Map<String, String> m = new HashMap<>();
        for (String kv : q.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            String v = eq < 0 ? "" : kv.substring(eq + 1);
            try {
                m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query string: " + e.getMessage());
            }
        }
        return m;
    }

    /** The control of a daemon without lifecycle: RUNNING from the start, nothing to hand over. */
    private enum AlwaysRunning implements DaemonControl {
        INSTANCE;

        @Override
        public DaemonState state() {
            return DaemonState.RUNNING;
        }

        @Override
        public void start() throws ApiException {
            throw ApiException.unexpectedEvent("start", DaemonState.RUNNING);
        }

        @Override
        public void takeOver(Fd deviceFd) throws ApiException {
            throw ApiException.unexpectedEvent("takeover", DaemonState.RUNNING);
        }

        @Override
        public HandOver handOver() throws ApiException {
            throw ApiException.unsupported("this daemon has nothing to hand over");
        }

        @Override
        public void exit() {
            // nothing to stop
        }
    }
}
