package dev.swiftlet.daemon.images;

import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.BackendSpec;
import dev.swiftlet.fetch.backend.Backends;
import java.util.HashMap;
import java.util.Map;

/**
 * One live backend per distinct configuration, shared by every image that names it (so a registry's connection
 * pool and token cache serve all its images). Backends live until the daemon stops: a blob shared by two images
 * keeps reading through the backend of the image that registered it first, even after that image is gone.
 */
final class BackendPool implements AutoCloseable {
    private final Map<BackendSpec, Backend> backends = new HashMap<>();

    synchronized Backend get(BackendSpec spec) {
        return backends.computeIfAbsent(spec, Backends::open);
    }

    @Override
    public synchronized void close() {
        backends.values().forEach(Backend::close);
        backends.clear();
    }
}
