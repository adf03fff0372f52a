package dev.swiftlet.daemon.frontend.fanotify;

import dev.swiftlet.daemon.cache.CacheSpace;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.daemon.cache.FdHoleProbe;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.frontend.BlobCaches;
import dev.swiftlet.daemon.frontend.SharedFdWriter;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.fanotify.FanotifyGroup;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The cache files the fanotify front end serves, one per blob: {@code DIR/blobs/<domain>/<blobId>}, sparse, sized to
 * the blob BEFORE it is marked (ftruncate on a marked file raises events), reused across images and restarts (its
 * holes say what is missing). Owns each file's lifecycle: size, probe, open the pre-mark writer (handed to the keeper
 * before the mark exists), mark, start read-ahead and prefetch, unmark once complete. Keys are absolute paths, what
 * {@code /proc/self/fd/N} of an event fd reads.
 */
final class ServedFiles {
    private static final System.Logger LOG = System.getLogger(ServedFiles.class.getName());
    /** @param background writes of prefetch and read-ahead: an fd opened before the mark (null: file complete) */
    record Served(BlobEntry blob, FileBlobCache cache, Path file, CacheWriter background) {}

    private final Path cacheDir;
    private final FanotifyGroup group;
    /** Null without a keeper: then pre-mark fds die with this process. */
    private final KeeperLink keeper;

    private final BlobCaches caches;
    private final SelfWrites selfWrites;
    /** Read-ahead and prefetch run here, apart from the workers, so events never queue behind them. */
    private final Executor backgroundPool;
    /**
     * With a cache limit: every cache file stays marked (complete ones too, and never unmarked) and has an fd opened
     * before its mark, so the evictor can punch any chunk out of it and the next read of that chunk raises an event.
     */
    private final boolean evictable;
    /** Cache file path -> the writer over an fd opened before the file's mark; lives as long as the group here. */
    private final Map<String, SharedFdWriter> premarkWriters = new ConcurrentHashMap<>();
    /** Cache file path -> what serves it. */
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    /** @param adopted pre-mark fds a predecessor left with the keeper, by path relative to {@code cacheDir} */
    ServedFiles(
            Path cacheDir,
            FanotifyGroup group,
            KeeperLink keeper,
            BlobCaches caches,
            SelfWrites selfWrites,
            Executor backgroundPool,
            boolean evictable,
            Map<String, Fd> adopted) {
        this.cacheDir = cacheDir;
        this.group = group;
        this.keeper = keeper;
        this.caches = caches;
        this.selfWrites = selfWrites;
        this.backgroundPool = backgroundPool;
        this.evictable = evictable;
        for (Map.Entry<String, Fd> b : adopted.entrySet()) {
            String key = cacheDir.resolve(b.getKey()).toString();
            premarkWriters.put(key, new SharedFdWriter(b.getValue(), "pre-mark writer of " + key));
        }
    }

    /** The file that serves {@code blob}, opened (and marked) unless it serves that entry already. */
    synchronized Path serve(BlobEntry blob, PrefetchPolicy prefetch) throws IOException {
        Path file = BlobCaches.cacheFile(cacheDir, blob);
        String key = file.toString();
        Served s = served.get(key);
        // a blob released and registered again is a new entry: its old cache was closed
        if (s == null || s.blob() != blob) served.put(key, open(blob, file, prefetch));
        return file;
    }

    private Served open(BlobEntry blob, Path file, PrefetchPolicy prefetch) throws IOException {
        Files.createDirectories(file.getParent());
        String key = file.toString();
        SharedFdWriter premark = premarkWriters.get(key); // present: the file is marked (here or by a predecessor)
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (f.length() != blob.size()) {
                // a marked truncate raises events on itself: only ever before the mark
                if (premark != null)
                    throw new IOException("cache file " + file + " is " + f.length() + " bytes, blob " + blob.key()
                            + " needs " + blob.size());
                f.setLength(blob.size());
            }
        }
        FileBlobCache cache;
        try (Fd probe = Fd.openForReading(file)) { // lseek only: probing raises no events, marked or not
            cache = (FileBlobCache) blob.cache(b -> caches.open(b, new FdHoleProbe(probe)));
        }
        if (premark == null && (!cache.isComplete() || evictable)) {
            // Opened before the mark, so its writes raise no events: the only fd background fills (and a successor's
            // replay) may write through (an fd opened after the mark raises events on its own writes). The keeper gets
            // it before the mark exists, so a successor never has to open one after.
            Fd fd = Fd.openForReadWrite(file);
            if (keeper != null) {
                try {
                    keeper.keepBlob(cacheDir.relativize(file).toString(), fd);
                } catch (IOException e) {
                    fd.closeQuietly();
                    throw e;
                }
            }
            premark = new SharedFdWriter(fd, "pre-mark writer of " + file);
            premarkWriters.put(key, premark);
            group.markPreAccess(file);
        }
        // evictable: a complete file can lose chunks later, so it keeps a writer for read-ahead and replays too
        CacheWriter background =
                premark == null || (cache.isComplete() && !evictable) ? null : selfWrites.around(premark);
        if (background != null)
            BlobCaches.startBackgroundFills(
                    blob, cache, background, prefetch, backgroundPool, () -> unmarkIfComplete(cache, file));
        LOG.log(
                System.Logger.Level.INFO,
                "serving {0} from {1} ({2} of {3} chunks present)",
                blob.key(),
                file,
                cache.states().readyChunks(),
                cache.states().chunks());
        return new Served(blob, cache, file, background);
    }

    /** What serves the file at {@code path}, or null. */
    Served get(String path) {
        return served.get(path);
    }

    /** What serves the file at {@code relative} (to the cache directory), or null. */
    Served byRelativePath(String relative) {
        return served.get(cacheDir.resolve(relative).toString());
    }

    Collection<Served> all() {
        return List.copyOf(served.values());
    }

    /** A complete file needs no events any more, unless eviction may punch holes into it again. */
    void unmarkIfComplete(FileBlobCache cache, Path file) {
        if (evictable || !cache.isComplete()) return;
        try {
            group.unmark(file);
            LOG.log(System.Logger.Level.INFO, "{0} is complete: mark removed", file);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unmark " + file, e);
        }
    }

    /** The cache directory as the evictor sees it (lists the files present now as found at start). */
    CacheSpace cacheSpace(ImageTable images) throws IOException {
        return new FanotifyCacheSpace(cacheDir, served, premarkWriters, images, selfWrites, this);
    }

    /** Closes the pre-mark writers and forgets every file; the group is closed by its owner. */
    void close() {
        premarkWriters.values().forEach(SharedFdWriter::close);
        premarkWriters.clear();
        served.clear();
    }
}
