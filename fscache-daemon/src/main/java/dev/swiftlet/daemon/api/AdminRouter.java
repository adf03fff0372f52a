package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.failover.FailOver;
import dev.swiftlet.daemon.failover.Supervisor;
import dev.swiftlet.daemon.frontend.Culler;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.images.ImageTableException;
import dev.swiftlet.daemon.logging.LogLevels;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.rafs.PlainName;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
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
    private static final Set<String> PATHS = Set.of(
            "/api/v1/daemon",
            "/api/v2/daemon",
            "/api/v1/daemon/start",
            "/api/v1/daemon/exit",
            "/api/v1/daemon/fuse/sendfd",
            "/api/v1/daemon/fuse/takeover",
            "/api/v2/blobs",
            "/api/v1/metrics",
            "/api/v1/metrics/blobcache",
            "/api/v1/metrics/prometheus",
            "/api/v1/config",
            "/api/v1/swiftlet/stats",
            "/api/v1/swiftlet/accessed",
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
    private final MetricsEndpoints metricsEndpoints;

    public AdminRouter(
            BlobCacheEntries entries,
            ImageTable images,
            DaemonMetrics metrics,
            MountPlan.Planner planner,
            DaemonControl control,
            Culler culler,
            Identity identity) {
        this.images = images;
        this.entries = entries;
        this.metrics = metrics;
        this.planner = planner;
        this.control = control;
        this.culler = culler;
        this.identity = identity;
        this.metricsEndpoints = new MetricsEndpoints(images, metrics);
    }

    /** A router for a daemon that is always RUNNING, has no supervisor and cannot cull (tests, tools). */
    public AdminRouter(
            ImageTable images, DaemonMetrics metrics, MountPlan.Planner planner, String daemonId, String frontEnd) {
        this(
                new BlobCacheEntries(images),
                images,
                metrics,
                planner,
                AlwaysRunning.INSTANCE,
                null,
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
            case "GET /api/v1/metrics" -> metricsEndpoints.fs(query.getOrDefault("id", ""));
            case "GET /api/v1/metrics/blobcache" -> metricsEndpoints.blobCache(query.getOrDefault("id", ""));
            case "GET /api/v1/metrics/prometheus" -> metricsEndpoints.prometheus();
            case "GET /api/v1/swiftlet/stats" -> metricsEndpoints.stats();
            case "GET /api/v1/swiftlet/accessed" -> metricsEndpoints.accessed(query.getOrDefault("id", ""));
            case "PUT /api/v1/config" ->
                configure(query.getOrDefault("id", ""), BlobCacheEntries.readJson(body, "the body"));
            case "GET /api/v1/config" ->
                ok(Json.mapper().valueToTree(runtimeConfig.masked(query.getOrDefault("id", ""))));
            default -> {
                if (path.equals("/api/v1/mount"))
                    throw ApiException.unsupported("/api/v1/mount is for FUSE daemons; use PUT /api/v2/blobs");
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
            g.writeStringField(
                    "supervisor",
                    identity.supervisor() == null ? null : identity.supervisor().toString());
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
            int backends = RegistryAuthRotation.rotate(named, auth.asText(), entries);
            LOG.log(
                    System.Logger.Level.INFO,
                    "registry_auth for ''{0}'': {1} image(s), {2} registry backend(s) updated",
                    id,
                    named.size(),
                    backends);
        }
        return ApiResponse.noContent();
    }

    private ApiResponse configureDaemon(String body) throws ApiException {
        JsonNode n = BlobCacheEntries.readJson(body, "the body");
        JsonNode level = n.path("log_level");
        if (!level.isTextual())
            throw ApiException.badRequest("the body must be {\"log_level\": \"trace|debug|info|warn|error\"}");
        try {
            LogLevels.apply(LogLevels.parse(level.asText()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "log level set to {0}", level.asText());
        return ApiResponse.noContent();
    }

    /** The fail-over steps, when the daemon was started with a supervisor; nydusd answers 400 otherwise. */
    private FailOver failOver(String what) throws ApiException {
        if (identity.supervisor() == null) {
            throw ApiException.badRequest(what + " needs a supervisor: start the daemon with --id and --supervisor");
        }
        return new FailOver(new Supervisor(identity.supervisor()), identity.daemonId(), identity.frontEnd());
    }

    /** Allowed in every state (see {@link FailOver#sendFd}); in INIT the daemon holds no descriptor yet. */
    private ApiResponse sendFd() throws IOException {
        FailOver f = failOver("sendfd");
        boolean holdsDescriptor = control.state() != DaemonState.INIT;
        f.sendFd(entries.snapshot(), holdsDescriptor ? () -> control.handOver().deviceFd() : null);
        return ApiResponse.noContent();
    }

    /** Only in INIT (nydusd's machine: INIT --takeover--> READY). */
    private ApiResponse takeOver() throws IOException {
        FailOver f = failOver("takeover");
        DaemonState state = control.state();
        if (state != DaemonState.INIT) throw ApiException.unexpectedEvent("takeover", state);
        f.takeOver(entries::add, control::takeOver);
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
            String source = planner == null ? null : planner.mountSource(e);
            if (source != null) i.put("mount_source", source);
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
        if (blobId == null || blobId.isEmpty())
            throw ApiException.badRequest("DELETE /api/v2/blobs needs domain_id or blob_id");
        checkName("blob_id", blobId);
        if (culler == null) {
            throw ApiException.unsupported("culling cache files needs the cachefiles front end (this daemon runs "
                    + identity.frontEnd() + ")");
        }
        Culler.Culled culled = culler.cull(blobId);
        if (!culled.inUse().isEmpty()) {
            // nydusd fails the request too: the snapshotter's cache GC must not think the space was freed
            throw new ApiException(
                    409,
                    "BlobInUse",
                    "blob " + blobId + " is still in use by a mount, its cache file was " + "not culled: "
                            + String.join(", ", culled.inUse()) + " (" + culled.removed() + " other file(s) culled)");
        }
        return ApiResponse.noContent();
    }

    private static void checkName(String what, String value) throws ApiException {
        try {
            PlainName.check(what, value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static ApiResponse ok(JsonNode n) {
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
}
