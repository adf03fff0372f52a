package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runtime settings set through {@code PUT /api/v1/config?id=} (nydus-snapshotter's credential-renewal loop
 * sends {@code {"registry_auth":"<base64 user:pass>"}} per snapshot). Only nydusd's keys are accepted;
 * values are strings. Backends read them with {@link #get}. Thread-safe.
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
                throw ApiException.badRequest("config key '" + e.getKey() + "' is not supported (use one of " + KEYS + ")");
            }
            if (!e.getValue().isTextual()) throw ApiException.badRequest("config key '" + e.getKey() + "' must be a string");
            update.put(e.getKey(), e.getValue().asText());
        }
        byId.computeIfAbsent(id, k -> new HashMap<>()).putAll(update);
    }

    /** The value of {@code key} for {@code id} (the snapshot or image id, as the client sent it). */
    public synchronized Optional<String> get(String id, String key) {
        return Optional.ofNullable(byId.getOrDefault(id, Map.of()).get(key));
    }

    /** The settings of {@code id} with secrets masked, for {@code GET /api/v1/config}. */
    synchronized Map<String, String> masked(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        byId.getOrDefault(id, Map.of()).forEach((k, v) -> out.put(k, SECRET.contains(k) ? "******" : v));
        return out;
    }
}
