package dev.swiftlet.daemon.images;

import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.fetch.Backend;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.RafsImage;
import java.io.IOException;
import java.util.function.Function;

/**
 * One data blob (or raw device) of a domain, shared by every image of that domain that references it.
 * The front end attaches the blob's cache lazily ({@link #cache}); it is closed when the last image
 * referencing the blob is released. Thread-safe.
 */
public final class BlobEntry {
    private final String key;
    private final String domain;
    private final String blobId;
    private final BlobInfo info;
    private final RafsImage image;
    private final Backend backend;
    private final long size;
    private int references;
    private BlobCache cache;

    BlobEntry(String domain, String blobId, BlobInfo info, RafsImage image, Backend backend, long size) {
        this.key = domain + "/" + blobId;
        this.domain = domain;
        this.blobId = blobId;
        this.info = info;
        this.image = image;
        this.backend = backend;
        this.size = size;
    }

    /** {@code <domain>/<blobId>}, the nydusd blob-cache key. */
    public String key() {
        return key;
    }

    public String domain() {
        return domain;
    }

    /** The blob id, or for an untagged raw device its file name in the blob directory. */
    public String blobId() {
        return blobId;
    }

    /** The blob as described by the first image that registered it. */
    public BlobInfo info() {
        return info;
    }

    /** The first image that registered the blob: its chunk table describes the blob. */
    public RafsImage image() {
        return image;
    }

    /** Where the blob's stored bytes come from. */
    public Backend backend() {
        return backend;
    }

    /** Uncompressed size: the cache file size. */
    public long size() {
        return size;
    }

    /** The blob's cache, opened by {@code opener} on first use and shared afterwards. */
    public synchronized BlobCache cache(Function<BlobEntry, BlobCache> opener) {
        if (cache == null) cache = opener.apply(this);
        return cache;
    }

    /** The cache if one is attached, else null. */
    public synchronized BlobCache cacheIfOpen() {
        return cache;
    }

    public synchronized int references() {
        return references;
    }

    synchronized void retain() {
        references++;
    }

    /** Returns true when this was the last reference; the cache is closed then. */
    synchronized boolean release() {
        if (--references > 0) return false;
        if (cache != null) {
            cache.close();
            cache = null;
        }
        return true;
    }

    /**
     * The cache file size: the blob's uncompressed size from the bootstrap, or for a raw device that records none
     * (mkfs.erofs --blobdev), the stored size (raw devices are identity-mapped). Asking the backend also proves the
     * blob exists before anything is mounted.
     */
    static long sizeOf(BlobInfo info, String blobId, Backend backend) throws IOException {
        long stored = backend.size(blobId);
        return info.uncompressedSize() > 0 ? info.uncompressedSize() : stored;
    }

    @Override
    public String toString() {
        return "blob " + key;
    }
}
