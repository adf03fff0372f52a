package dev.swiftlet.daemon.frontend;

import java.io.IOException;
import java.util.List;

/**
 * A front end that can drop a blob's cache file ({@code DELETE /api/v2/blobs?blob_id=}, nydusd's
 * {@code cull_cache}): for cachefiles, {@code inuse} then {@code cull} in each volume that holds it.
 * A file still in use by a mount is left in place and reported, so the client learns the space was not freed.
 */
public interface Culler {
    /** What a cull did: backing files removed, and those left because a mount still uses them. */
    record Culled(int removed, List<String> inUse) {
        public Culled {
            inUse = List.copyOf(inUse);
        }
    }

    /** Culls {@code blobId} (a plain name, already checked); throws when a cull the kernel attempted failed. */
    Culled cull(String blobId) throws IOException;
}
