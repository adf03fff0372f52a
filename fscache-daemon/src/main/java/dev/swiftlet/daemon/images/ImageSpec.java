package dev.swiftlet.daemon.images;

import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.fetch.BackendSpec;
import dev.swiftlet.fetch.backend.FileBackend;
import java.nio.file.Path;
import java.util.List;

/**
 * What a client asks the daemon to serve (nydusd's BlobCacheEntry of type "bootstrap").
 *
 * @param id the EROFS fsid of the image
 * @param domainId the sharing domain; empty or null means the image is its own domain ({@code id})
 * @param bootstrap the bootstrap (RAFS v6) or raw mkfs.erofs image file
 * @param backend where the blobs come from (localfs directory, registry, …)
 * @param deviceNames for raw images whose device slots have empty tags: the device file names in the localfs
 *     directory, in device-table order (as given to {@code mount -o device=})
 * @param prefetch whether and how the image's blobs are fetched in the background
 */
public record ImageSpec(
        String id,
        String domainId,
        Path bootstrap,
        BackendSpec backend,
        List<String> deviceNames,
        PrefetchPolicy prefetch) {
    public ImageSpec {
        deviceNames = deviceNames == null ? List.of() : List.copyOf(deviceNames);
        domainId = domainId == null ? "" : domainId;
        prefetch = prefetch == null ? PrefetchPolicy.OFF : prefetch;
    }

    /** The domain the image's blobs live in: the domain id, or the image id when there is none. */
    public String domain() {
        return domainId.isEmpty() ? id : domainId;
    }

    /** The localfs blob directory, or null when the blobs come from elsewhere. */
    public Path blobDir() {
        return backend instanceof FileBackend.Config c ? c.dir() : null;
    }
}
