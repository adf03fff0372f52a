package dev.swiftlet.daemon.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swiftlet.daemon.images.ImageEntry;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * A front end whose successor takes the kernel side over after a crash (fanotify with a keeper, ublk with user
 * recovery) and so must register the predecessor's images again before it serves them.
 */
public interface Restorable {
    /** Registers one nydusd BlobCacheEntry document (the daemon's BlobCacheEntries#add). */
    @FunctionalInterface
    interface Registrar {
        ImageEntry add(JsonNode entry) throws IOException;
    }

    /**
     * Where a successor re-registers images ({@code add}), and where the registered images are read to be kept for
     * one ({@code snapshot}): the daemon's BlobCacheEntries, whose documents are what clients sent. Call before
     * {@code serve()}.
     */
    void restoreWith(Registrar add, Supplier<List<JsonNode>> snapshot);
}
