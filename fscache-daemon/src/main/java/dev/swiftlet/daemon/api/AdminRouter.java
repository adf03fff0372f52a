package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.DaemonMetrics;
import dev.swiftlet.daemon.MountPlan;
import dev.swiftlet.daemon.VersionInfo;
import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.registry.BlobEntry;
import dev.swiftlet.daemon.registry.ImageEntry;
import dev.swiftlet.daemon.registry.ImageRegistry;
import dev.swiftlet.daemon.registry.ImageSpec;
import dev.swiftlet.daemon.registry.RegistryException;
import dev.swiftlet.fetch.backend.BackendSpec;
import dev.swiftlet.fetch.backend.Backends;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps method + path to registry and daemon calls; transport-free (the server hands it method, URI and
 * body), so it is tested without a socket. Blocking: the server calls it off the event loop.
 */
public final class AdminRouter {
    private static final System.Logger LOG = System.getLogger(AdminRouter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageRegistry registry;
    private final DaemonMetrics metrics;
    private final MountPlan.Planner planner;
    private final String daemonId;
    private final String frontEnd;

    public AdminRouter(ImageRegistry registry, DaemonMetrics metrics, MountPlan.Planner planner, String daemonId,
                       String frontEnd) {
        this.registry = registry;
        this.metrics = metrics;
        this.planner = planner;
        this.daemonId = daemonId;
        this.frontEnd = frontEnd;
    }

    public ApiResponse handle(String method, String uri, String body) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = parseQuery(q < 0 ? "" : uri.substring(q + 1));
        LOG.log(System.Logger.Level.DEBUG, "{0} {1}", method, uri);
        try {
            return switch (method + " " + path) {
                case "GET /api/v1/daemon" -> ok(daemonInfo());
                case "PUT /api/v2/blobs" -> register(body, false);
                case "POST /api/v1/swiftlet/mounts" -> register(body, true);
                case "GET /api/v2/blobs" -> ok(list());
                case "DELETE /api/v2/blobs" -> delete(query);
                case "GET /api/v1/metrics/blobcache" -> blobMetrics(query);
                case "GET /api/v1/swiftlet/stats" -> ok(JSON.valueToTree(metrics.snapshot()));
                default -> error(404, "NotFound", "no endpoint " + method + " " + path);
            };
        } catch (RegistryException e) {
            return error(e.notFound() ? 404 : 400, e.notFound() ? "NotFound" : "InvalidRequest", e.getMessage());
        } catch (BadRequest e) {
            return error(400, "InvalidRequest", e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, method + " " + uri + " failed", e);
            return error(500, "InternalError", method + " " + path + ": " + e);
        }
    }

    private ObjectNode daemonInfo() {
        VersionInfo v = VersionInfo.current();
        ObjectNode n = JSON.createObjectNode();
        ObjectNode ver = n.putObject("version");
        ver.put("package_ver", v.packageVersion());
        ver.put("git_commit", v.gitCommit());
        ver.put("build_time", v.buildTime());
        ver.put("profile", v.profile());
        ver.put("rustc", v.runtime());
        n.put("id", daemonId);
        n.putNull("supervisor");
        n.put("state", "RUNNING");
        n.putObject("backend_collection");
        n.put("frontend", frontEnd);
        return n;
    }

    private ApiResponse register(String body, boolean plan) throws IOException {
        ImageSpec spec = parseEntry(body);
        ImageEntry entry = registry.register(spec);
        if (!plan) return ApiResponse.noContent();
        MountPlan mp;
        try {
            mp = planner.prepare(entry);
        } catch (IOException | RuntimeException e) {
            registry.release(spec.domainId(), spec.id());
            throw e;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("id", entry.id());
        n.put("domain_id", entry.spec().domainId());
        n.put("source", mp.source());
        n.put("options", mp.options());
        return ok(n);
    }

    /** nydusd BlobCacheEntry: legacy {@code config} or {@code config_v2}; unknown fields ignored. */
    static ImageSpec parseEntry(String body) throws BadRequest {
        JsonNode n;
        try {
            n = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new BadRequest("the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) throw new BadRequest("the body must be a JSON object (BlobCacheEntry)");
        String type = n.path("type").asText("bootstrap");
        if (!type.equals("bootstrap")) throw new BadRequest("entry type '" + type + "' is not supported (only bootstrap)");
        String id = n.path("id").asText("");
        String domain = n.path("domain_id").asText("");
        String metadata = null;
        BackendSpec backend = null;
        boolean prefetch = false;
        try {
            JsonNode c = n.path("config");
            if (c.isObject()) {
                metadata = text(c, "metadata_path");
                if (c.has("backend_type")) backend = Backends.parseLegacy(text(c, "backend_type"), c.path("backend_config"));
                prefetch = c.path("prefetch_config").path("enable").asBoolean(false);
            }
            JsonNode c2 = n.path("config_v2");
            if (c2.isObject()) {
                if (metadata == null) metadata = text(c2, "metadata_path");
                if (backend == null && c2.has("backend")) backend = Backends.parseV2(c2.path("backend"));
                prefetch |= c2.path("cache").path("prefetch").path("enable").asBoolean(false);
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        if (metadata == null || metadata.isEmpty()) throw new BadRequest("config.metadata_path (the bootstrap) is missing");
        if (backend == null) throw new BadRequest("config.backend_type/backend_config (or config_v2.backend) is missing");
        List<String> devices = new ArrayList<>();
        n.path("device_names").forEach(d -> devices.add(d.asText()));
        return new ImageSpec(id, domain, Path.of(metadata), backend, devices, prefetch);
    }

    private ObjectNode list() {
        ObjectNode n = JSON.createObjectNode();
        var arr = n.putArray("images");
        for (ImageEntry e : registry.list()) {
            ObjectNode i = arr.addObject();
            i.put("key", e.key());
            i.put("bootstrap", e.spec().bootstrap().toString());
            var b = i.putArray("blobs");
            e.blobs().forEach(x -> b.add(x.key()));
        }
        return n;
    }

    private ApiResponse delete(Map<String, String> q) throws RegistryException, BadRequest {
        String blobId = q.getOrDefault("blob_id", "");
        if (blobId.isEmpty()) throw new BadRequest("blob_id is required");
        registry.release(q.getOrDefault("domain_id", ""), blobId);
        return ApiResponse.noContent();
    }

    private ApiResponse blobMetrics(Map<String, String> q) throws RegistryException {
        String id = q.getOrDefault("id", "");
        ObjectNode n = JSON.createObjectNode();
        int slash = id.indexOf('/');
        BlobEntry b = slash < 0 ? null
                : registry.blob(id.substring(0, slash), id.substring(slash + 1)).orElse(null);
        if (!id.isEmpty() && b == null) throw RegistryException.notFound(id);
        n.put("id", id);
        if (b != null) {
            BlobCache cache = b.cacheIfOpen();
            n.put("backend", b.backend().describe());
            n.put("size", b.size());
            n.put("complete", cache != null && cache.isComplete());
        }
        metrics.snapshot().forEach(n::put);
        return ok(n);
    }

    private static ApiResponse ok(JsonNode n) {
        return new ApiResponse(200, n.toString());
    }

    private static ApiResponse error(int status, String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", code);
        n.put("message", message);
        return new ApiResponse(status, n.toString());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static Map<String, String> parseQuery(String q) {
        Map<String, String> m = new HashMap<>();
        for (String kv : q.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            String v = eq < 0 ? "" : kv.substring(eq + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    /** A request the router refuses before reaching the registry. */
    static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }
}
