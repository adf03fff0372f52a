package dev.swiftlet.daemon.api;

import java.io.IOException;

/**
 * A front end that can drop a blob's cache file ({@code DELETE /api/v2/blobs?blob_id=}, nydusd's
 * {@code cull_cache}): for cachefiles, {@code inuse} then {@code cull} in each volume that holds it.
 * Files still in use are skipped, as nydusd skips them.
 */
public interface Culler {
    /** Culls {@code blobId} (a plain name, already checked); throws when a cull the kernel attempted failed. */
    void cull(String blobId) throws IOException;
}
