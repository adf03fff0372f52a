package dev.swiftlet.fetch.backend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.BackendSpec;
import dev.swiftlet.fetch.registry.RegistryBackend;
import dev.swiftlet.fetch.registry.RegistryConfig;
import dev.swiftlet.fetch.registry.RegistryConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the backend part of the configurations nydus-snapshotter sends (legacy {@code backend_type} +
 * {@code backend_config}, and {@code config_v2}'s {@code backend} object) into a {@link BackendSpec}, and opens
 * the backend it describes. Every wrong field is an {@link IllegalArgumentException} naming the field.
 */
public final class Backends {
    private Backends() {}

    /** Legacy shape: {@code "backend_type": "localfs", "backend_config": {"dir": …}}. */
    public static BackendSpec parseLegacy(String type, JsonNode config) {
        if (type == null || type.isEmpty()) throw new IllegalArgumentException("backend_type is missing");
        if (config == null || !config.isObject())
            throw new IllegalArgumentException("backend_config must be an object");
        return parse(type, config, "backend_config");
    }

    /** config_v2 shape: {@code "backend": {"type": "localfs", "localfs": {"dir": …}}}. */
    public static BackendSpec parseV2(JsonNode backend) {
        if (backend == null || !backend.isObject()) throw new IllegalArgumentException("backend must be an object");
        JsonNode type = backend.path("type");
        if (!type.isTextual() || type.asText().isEmpty()) throw new IllegalArgumentException("backend.type is missing");
        String t = type.asText();
        JsonNode config = backend.path(t);
        if (!config.isObject()) throw new IllegalArgumentException("backend." + t + " must be an object");
        return parse(t, config, "backend." + t);
    }

    private static BackendSpec parse(String type, JsonNode config, String where) {
        return switch (type) {
            case "localfs" -> localfs(config, where);
            case "registry" -> RegistryConfigs.parse(config, where);
            default ->
                throw new IllegalArgumentException(
                        where + ": backend type '" + type + "' is not supported (localfs, registry)");
        };
    }

    private static FileBackend.Config localfs(JsonNode c, String where) {
        Path dir = optionalPath(c, "dir", where);
        Path blobFile = optionalPath(c, "blob_file", where);
        if (dir == null && blobFile == null) throw new IllegalArgumentException(where + ".dir is missing");
        List<Path> alt = new ArrayList<>();
        JsonNode a = c.path("alt_dirs");
        if (!a.isMissingNode() && !a.isNull()) {
            if (!a.isArray()) throw new IllegalArgumentException(where + ".alt_dirs must be an array of paths");
            for (JsonNode d : a) {
                if (!d.isTextual() || !d.asText().startsWith("/")) {
                    throw new IllegalArgumentException(where + ".alt_dirs entries must be absolute paths");
                }
                alt.add(Path.of(d.asText()));
            }
        }
        return new FileBackend.Config(dir, blobFile, alt);
    }

    static Path optionalPath(JsonNode c, String field, String where) {
        JsonNode v = c.path(field);
        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isEmpty())) return null;
        if (!v.isTextual()) throw new IllegalArgumentException(where + "." + field + " must be a string");
        if (!v.asText().startsWith("/"))
            throw new IllegalArgumentException(where + "." + field + " must be an absolute path");
        return Path.of(v.asText());
    }

    /** Opens the backend a spec describes. */
    public static Backend open(BackendSpec spec) {
        return switch (spec) {
            case FileBackend.Config c -> new FileBackend(c);
            case RegistryConfig c -> new RegistryBackend(c);
            default -> throw new IllegalArgumentException("no backend for type " + spec.type());
        };
    }
}
