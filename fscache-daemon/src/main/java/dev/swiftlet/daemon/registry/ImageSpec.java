package dev.swiftlet.daemon.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * What a client asks the daemon to serve (nydusd's BlobCacheEntry of type "bootstrap", localfs backend).
 *
 * @param id the EROFS fsid of the image
 * @param domainId the sharing domain; empty or null means the image is its own domain ({@code id})
 * @param bootstrap the bootstrap (RAFS v6) or raw mkfs.erofs image file
 * @param blobDir localfs backend directory holding the blobs, named by blob id (or device file name)
 * @param deviceNames for raw images whose device slots have empty tags: the device file names in
 *     {@code blobDir}, in device-table order (as given to {@code mount -o device=})
 * @param prefetch whether the whole image should be fetched in the background
 */
public record ImageSpec(String id, String domainId, Path bootstrap, Path blobDir, List<String> deviceNames,
                        boolean prefetch) {
    public ImageSpec {
        deviceNames = deviceNames == null ? List.of() : List.copyOf(deviceNames);
        domainId = domainId == null ? "" : domainId;
    }

    /** The domain the image's blobs live in: the domain id, or the image id when there is none. */
    public String domain() {
        return domainId.isEmpty() ? id : domainId;
    }
}
