package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swiftlet.daemon.images.ImageEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runtime settings set through {@code PUT /api/v1/config?id=} (nydus-snapshotter's credential-renewal loop
 * sends {@code {"registry_auth":"<base64 user:pass>"}} per snapshot). Only nydusd's keys are accepted;
 * values are strings. The admin router applies {@code registry_auth} to the registry backends of the images an id
 * names ({@link #imagesFor}); {@link #get} reads back what was set. Thread-safe.
 */
public final class RuntimeConfig {
    /** nydusd's runtime keys (utils/src/config.rs). */
    static final Set<String> KEYS = Set.of("registry_auth", "proxy_url", "dragonfly_scheduler_endpoint");

    private static final Set<String> SECRET = Set.of("registry_auth");

    private final Map<String, Map<String, String>> byId = new HashMap<>();

    /** Validates every key and value first, then applies them all (nothing is applied when one is bad). */
    synchronized void put(String id, JsonNode body) throws ApiException {
        Map<String, String> update = new LinkedHashMap<>();
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!KEYS.contains(e.getKey())) {
                throw ApiException.badRequest(
                        "config key '" + e.getKey() + "' is not supported (use one of " + KEYS + ")");
            }
            if (!e.getValue().isTextual())
                throw ApiException.badRequest("config key '" + e.getKey() + "' must be a string");
            update.put(e.getKey(), e.getValue().asText());
        }
        byId.computeIfAbsent(id, k -> new HashMap<>()).putAll(update);
    }

    /** The value of {@code key} for {@code id} (the snapshot or image id, as the client sent it). */
    public synchronized Optional<String> get(String id, String key) {
        return Optional.ofNullable(byId.getOrDefault(id, Map.of()).get(key));
    }

    /**
     * The images a config {@code id} names: every image when it is empty; otherwise (without the snapshotter's
     * leading '/') the image of that id or {@code domain/id} key, or the image of a snapshot of that id, whose
     * fscache id is {@code sha256("nydus-snapshot-" + id)} (nydus-snapshotter's derivation).
     */
    static List<ImageEntry> imagesFor(String id, List<ImageEntry> images) {
        String name = id.startsWith("/") ? id.substring(1) : id;
        if (name.isEmpty()) return images;
        String snapshotFsid = sha256Hex("nydus-snapshot-" + name);
        return images.stream()
                .filter(e -> e.id().equals(name) || e.key().equals(name) || e.id().equals(snapshotFsid))
                .toList();
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The settings of {@code id} with secrets masked, for {@code GET /api/v1/config}. */
    synchronized Map<String, String> masked(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        byId.getOrDefault(id, Map.of()).forEach((k, v) -> out.put(k, SECRET.contains(k) ? "******" : v));
        return out;
    }
}
