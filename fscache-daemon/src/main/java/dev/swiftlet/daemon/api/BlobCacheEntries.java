package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageSpec;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.images.ImageTableException;
import dev.swiftlet.fetch.BackendSpec;
import dev.swiftlet.fetch.backend.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nydusd {@code BlobCacheEntry} documents of every registered image, kept as received, beside the
 * image table that serves them: {@code sendfd} saves them for a successor, which replays them on takeover, and
 * {@code --config} registers a file of them at start. Adding parses and validates an entry, then registers
 * it; removing releases it. Thread-safe.
 */
public final class BlobCacheEntries {
    /** Request bodies and config files are small JSON documents. */
    public static final int MAX_DOCUMENT = 1 << 20;

    private static final System.Logger LOG = System.getLogger(BlobCacheEntries.class.getName());

    private final ImageTable images;
    private final Map<String, JsonNode> received = new LinkedHashMap<>();
    private final Object binding = new Object();

    public BlobCacheEntries(ImageTable images) {
        this.images = images;
    }

    /** Parses {@code body} as one entry and registers it. */
    public ImageEntry add(String body) throws IOException {
        return add(readJson(body, "the body"));
    }

    /**
     * Registers {@code entry}. An entry equal to the one an image was registered with (credentials aside) is a no-op
     * that returns the registered image: after a hot upgrade or fail-over the snapshotter re-binds every entry the
     * successor has already restored from the saved state. A different entry under a registered id is refused.
     */
    public ImageEntry add(JsonNode entry) throws IOException {
        ImageSpec spec = parse(entry);
        // binds are serialised among themselves, apart from this object's lock, so that a bind waiting on a slow
        // registry never holds up sendfd, release or listing
        synchronized (binding) {
            Optional<ImageEntry> same = registeredAs(spec, entry);
            if (same.isPresent()) return same.get();
            ImageEntry image = images.register(spec);
            synchronized (this) {
                received.put(image.key(), entry.deepCopy());
            }
            return image;
        }
    }

    /** The image registered under {@code spec}'s key with an equal entry; empty when none is registered there. */
    private synchronized Optional<ImageEntry> registeredAs(ImageSpec spec, JsonNode entry) throws ApiException {
        Optional<ImageEntry> image = images.bootstrap(spec.domain(), spec.id());
        if (image.isEmpty()) return image;
        JsonNode before = received.get(image.get().key());
        if (before != null && withoutCredentials(before).equals(withoutCredentials(entry))) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "image {0} registered again with the same entry: kept as it is",
                    image.get().key());
            return image;
        }
        throw new ApiException(
                409,
                "AlreadyExists",
                "image " + image.get().key() + " is already registered with a "
                        + "different blob cache entry; release it first (DELETE /api/v2/blobs?domain_id="
                        + spec.domainId()
                        + "&blob_id=" + spec.id() + ")");
    }

    /**
     * The entry without registry credentials, which may differ between two bindings of one image (a rotated
     * {@code registry_auth}, a refreshed token) while it stays the same image from the same place.
     */
    private static JsonNode withoutCredentials(JsonNode entry) {
        JsonNode copy = entry.deepCopy();
        for (JsonNode backend : List.of(
                copy.path("config").path("backend_config"),
                copy.path("config_v2").path("backend").path("registry"))) {
            if (backend instanceof ObjectNode o) o.remove(List.of("auth", "registry_token"));
        }
        return copy;
    }

    /** Releases image {@code id} of {@code domain} (empty: the image's own domain). */
    public synchronized void remove(String domain, String id) throws ImageTableException {
        ImageEntry gone = images.release(domain, id);
        received.remove(gone.key());
    }

    /** Releases every image of {@code domain} (nydusd: {@code DELETE ?domain_id=} without a blob id). */
    public synchronized int removeDomain(String domain) throws ImageTableException {
        int n = 0;
        for (ImageEntry e : images.list()) {
            if (!e.domain().equals(domain)) continue;
            remove(e.spec().domainId(), e.id());
            n++;
        }
        if (n == 0) throw ImageTableException.notFound(domain + "/");
        return n;
    }

    /**
     * Puts new registry credentials into the saved entry of {@code image} (legacy {@code config.backend_config.auth}
     * or {@code config_v2.backend.registry.auth}), so the state handed to a successor carries them.
     */
    public synchronized void replaceAuth(ImageEntry image, String auth) {
        JsonNode entry = received.get(image.key());
        if (entry == null) return;
        JsonNode legacy = entry.path("config");
        if (legacy.path("backend_type").asText("").equals("registry")
                && legacy.path("backend_config").isObject()) {
            ((ObjectNode) legacy.path("backend_config")).put("auth", auth);
        }
        JsonNode v2 = entry.path("config_v2").path("backend");
        if (v2.path("type").asText("").equals("registry") && v2.path("registry").isObject()) {
            ((ObjectNode) v2.path("registry")).put("auth", auth);
        }
    }

    /** The entries of the registered images, in registration order, as received. */
    public synchronized List<JsonNode> snapshot() {
        List<JsonNode> out = new ArrayList<>();
        for (ImageEntry e : images.list()) {
            JsonNode n = received.get(e.key());
            if (n != null) out.add(n.deepCopy());
        }
        return out;
    }

    /** Registers the {@code {"blobs":[entry, …]}} of a nydusd {@code --config} file; returns how many. */
    public int addConfigFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("--config " + file + " is not a regular file");
        if (Files.size(file) > MAX_DOCUMENT)
            throw new IOException("--config " + file + " is larger than " + MAX_DOCUMENT + " bytes");
        JsonNode doc = readJson(Files.readString(file), "--config " + file);
        JsonNode blobs = doc.path("blobs");
        if (!blobs.isMissingNode() && !blobs.isArray())
            throw new IOException("--config " + file + ": \"blobs\" must be an array");
        int n = 0;
        for (JsonNode entry : blobs) {
            try {
                add(entry);
            } catch (IOException e) {
                throw new IOException("--config " + file + ": blob entry " + n + ": " + e.getMessage(), e);
            }
            n++;
        }
        return n;
    }

    static JsonNode readJson(String text, String what) throws ApiException {
        if (text != null && text.length() > MAX_DOCUMENT)
            throw ApiException.badRequest(what + " is larger than " + MAX_DOCUMENT + " bytes");
        JsonNode n;
        try {
            n = Json.mapper().readTree(text == null ? "" : text);
        } catch (IOException e) {
            throw ApiException.badRequest(
                    what + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) throw ApiException.badRequest(what + " must be a JSON object");
        return n;
    }

    /**
     * nydusd BlobCacheEntry: legacy {@code config} or {@code config_v2}; unknown fields ignored. Checks what
     * nydusd checks before touching the image table: type bootstrap, a metadata path, and an fscache work_dir
     * that is a directory when one is named.
     */
    static ImageSpec parse(JsonNode n) throws ApiException {
        if (n == null || !n.isObject())
            throw ApiException.badRequest("the blob cache entry must be a JSON object (BlobCacheEntry)");
        String type = n.path("type").asText("bootstrap");
        if (!type.equals("bootstrap"))
            throw ApiException.badRequest("entry type '" + type + "' is not supported (only bootstrap)");
        String id = n.path("id").asText("");
        String domain = n.path("domain_id").asText("");
        String metadata = null;
        String workDir = null;
        BackendSpec backend = null;
        try {
            JsonNode c = n.path("config");
            if (c.isObject()) {
                metadata = text(c, "metadata_path");
                workDir = text(c.path("cache_config"), "work_dir");
                if (c.has("backend_type"))
                    backend = Backends.parseLegacy(text(c, "backend_type"), c.path("backend_config"));
            }
            JsonNode c2 = n.path("config_v2");
            if (c2.isObject()) {
                if (metadata == null) metadata = text(c2, "metadata_path");
                if (workDir == null) workDir = text(c2.path("cache").path("fscache"), "work_dir");
                if (backend == null && c2.has("backend")) backend = Backends.parseV2(c2.path("backend"));
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (metadata == null || metadata.isEmpty())
            throw ApiException.badRequest("config.metadata_path (the bootstrap) is missing");
        if (backend == null)
            throw ApiException.badRequest("config.backend_type/backend_config (or config_v2.backend) is missing");
        List<String> devices = new ArrayList<>();
        n.path("device_names").forEach(d -> devices.add(d.asText()));
        try {
            if (workDir != null && !workDir.isEmpty() && !Files.isDirectory(Path.of(workDir))) {
                throw ApiException.badRequest("fscache work_dir " + workDir + " is not a directory");
            }
            return new ImageSpec(
                    id,
                    domain,
                    Path.of(metadata),
                    backend,
                    devices,
                    PrefetchConfigs.parse(
                            n.path("config").path("prefetch_config"),
                            n.path("config_v2").path("cache").path("prefetch")));
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("invalid path in the blob cache entry: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
