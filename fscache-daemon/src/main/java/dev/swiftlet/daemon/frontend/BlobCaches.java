package dev.swiftlet.daemon.frontend;

import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.daemon.cache.ChunkStates;
import dev.swiftlet.daemon.cache.ChunkTables;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.cache.FirstReads;
import dev.swiftlet.daemon.cache.HoleProbe;
import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.cache.Prefetcher;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.fetch.plan.ChunkFetcher;
import dev.swiftlet.fetch.plan.PlanLimits;
import dev.swiftlet.fetch.plan.RetryPolicy;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.image.ChunkTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Builds the {@link FileBlobCache} of a registered blob, the same way for both front ends: the chunk table from
 * the bootstrap (or an identity table for a raw device), the blob's codec, the registry's backend, and chunk states
 * restored from what the cache file already holds.
 *
 * <p>Retries and request shapes are not settings of the daemon. How often a failed read is tried comes with each
 * blob's backend config ({@code retry_limit}, applied by {@link ChunkFetcher}); without it, {@link RetryPolicy#DEFAULT}
 * (nydusd's default of 3 retries). Plan limits are nydusd's fixed fscache values ({@link PlanLimits#DEFAULT}: reads
 * amplified to 1 MiB; nydusd reads {@code amplify_io} only from a RAFS config, which blob-cache entries do not have).
 */
public final class BlobCaches {
    private static final System.Logger LOG = System.getLogger(BlobCaches.class.getName());

    /** Read-ahead for sequential readers: how far ahead, in pieces of what size (one piece per worker task). */
    public static final long READ_AHEAD_WINDOW = 8L << 20, READ_AHEAD_STEP = 1L << 20;

    private final DaemonMetrics metrics;
    private final AccessEpoch epoch;
    private final FirstReads firstReads = new FirstReads();

    /** @param epoch the recency clock the cache evictor advances */
    public BlobCaches(DaemonMetrics metrics, AccessEpoch epoch) {
        this.metrics = metrics;
        this.epoch = epoch;
    }

    /** The cache of {@code blob}; {@code existing} (may be null) tells which chunks its cache file holds already. */
    public FileBlobCache open(BlobEntry blob, HoleProbe existing) {
        boolean raw = blob.info().raw();
        ChunkTable table = raw
                ? ChunkTables.identity(blob.size(), ChunkTables.RAW_CHUNK_SIZE)
                : blob.image().chunkTable(blob.info().index());
        var codec = Codecs.of(raw ? Compression.NONE : blob.info().compression());
        ChunkFetcher fetcher =
                new ChunkFetcher(blob.backend(), blob.blobId(), table, codec, RetryPolicy.DEFAULT, metrics.fetch);
        ChunkStates states = new ChunkStates(table.size());
        if (existing != null) {
            try {
                int restored = states.restore(existing, table);
                metrics.cache.chunksRestored.add(restored);
                if (restored > 0) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "{0}: {1} of {2} chunks already in the cache file",
                            blob.key(),
                            restored,
                            table.size());
                }
            } catch (IOException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        blob.key() + ": cannot probe the cache file, refetching on demand: " + e.getMessage());
            }
        }
        FileBlobCache cache =
                new FileBlobCache(blob.key(), fetcher, states, PlanLimits.DEFAULT, metrics.cache, blob.size(), epoch);
        cache.recordFirstReads(firstReads); // a bit per chunk: cheap enough to be always on
        return cache;
    }

    /** Where the fanotify and ublk front ends keep a blob's sparse cache file: {@code DIR/blobs/<domain>/<blobId>}. */
    public static Path cacheFile(Path cacheDir, BlobEntry blob) {
        return cacheDir.resolve("blobs").resolve(blob.domain()).resolve(blob.blobId());
    }

    /**
     * Starts a served blob's background fills through {@code writer} on {@code pool}: read-ahead behind sequential
     * readers and, while the cache is incomplete, the prefetch (the image's startup files first, then the whole blob
     * when the policy asks for it); {@code onPrefetched} runs when the prefetch ends.
     */
    public static void startBackgroundFills(
            BlobEntry blob,
            FileBlobCache cache,
            CacheWriter writer,
            PrefetchPolicy prefetch,
            Executor pool,
            Runnable onPrefetched) {
        cache.readAhead(pool, writer, READ_AHEAD_WINDOW, READ_AHEAD_STEP);
        List<long[]> startup = StartupPrefetch.pieces(blob, prefetch);
        if ((prefetch.enabled() || !startup.isEmpty()) && !cache.isComplete())
            new Prefetcher(cache, writer, prefetch, startup).start(pool, onPrefetched);
    }
}
