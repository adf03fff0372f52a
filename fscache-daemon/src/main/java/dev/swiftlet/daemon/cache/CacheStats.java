package dev.swiftlet.daemon.cache;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the blob caches: how kernel requests were answered. Shared by every cache of a daemon. */
public final class CacheStats {
    /** Fill requests (one per kernel READ or fanotify event that reached a cache). */
    public final LongAdder fills = new LongAdder();
    /** Fills whose whole range was present already. */
    public final LongAdder hits = new LongAdder();
    /** Chunks written into cache files. */
    public final LongAdder chunksFilled = new LongAdder();
    /** Uncompressed bytes written into cache files (whole chunks, padded to 4 KiB). */
    public final LongAdder bytesFilled = new LongAdder();
    /** Times a fill waited for a chunk another reader was fetching instead of fetching it again. */
    public final LongAdder sharedWaits = new LongAdder();
    /** Fills that ended in an error (the kernel got EIO for the range). */
    public final LongAdder failures = new LongAdder();
    /** Chunks found present in cache files when blobs were reopened (restart). */
    public final LongAdder chunksRestored = new LongAdder();
    /** Uncompressed bytes written by background prefetch. */
    public final LongAdder bytesPrefetched = new LongAdder();
}
