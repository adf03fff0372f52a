package dev.swiftlet.daemon.frontend.fanotify;

import dev.swiftlet.daemon.DaemonMetrics;
import dev.swiftlet.daemon.MountPlan;
import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.cache.FdHoleProbe;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.cache.Prefetcher;
import dev.swiftlet.daemon.frontend.BlobCaches;
import dev.swiftlet.daemon.frontend.SharedFdWriter;
import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.daemon.registry.BlobEntry;
import dev.swiftlet.daemon.registry.ImageEntry;
import dev.swiftlet.daemon.registry.ImageRegistry;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.fanotify.FanotifyGroup;
import dev.swiftlet.sys.fanotify.PreAccessEvent;
import dev.swiftlet.sys.raw.Libc;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Serves file-backed EROFS mounts through fanotify pre-content events. Per blob: a sparse cache file
 * {@code DIR/blobs/<domain>/<blobId>} sized to the blob BEFORE it is marked (ftruncate on a marked file
 * raises events), reused across images and restarts (its holes say what is missing). Each event is
 * mapped to its cache file via {@code /proc/self/fd}, filled by a worker through the event fd itself (a
 * fd opened after the mark would raise events on itself) and answered exactly once from {@code finally}.
 */
public final class FanotifyFrontEnd implements FrontEnd, MountPlan.Planner {
    private static final System.Logger LOG = System.getLogger(FanotifyFrontEnd.class.getName());
    private static final int EIO = 5;
    /** Read-ahead for sequential readers: how far ahead, in pieces of what size (one piece per worker task). */
    static final long READ_AHEAD_WINDOW = 8L << 20;
    static final long READ_AHEAD_STEP = 1L << 20;

    private final Path cacheDir;
    private final Executor workers;
    private final DaemonMetrics metrics;
    private final BlobCaches caches;
    private final FanotifyGroup group;
    /** Cache file path -> what serves it; the key is what /proc/self/fd/N of an event fd reads. */
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean serving;

    /** @param background writes of prefetch and read-ahead: an fd opened before the mark (null: none possible) */
    private record Served(BlobEntry blob, FileBlobCache cache, Path file, SharedFdWriter background) {}

    public FanotifyFrontEnd(Path cacheDir, ImageRegistry registry, Executor workers, DaemonMetrics metrics)
            throws IOException {
        this.cacheDir = cacheDir.toAbsolutePath();
        this.workers = workers;
        this.metrics = metrics;
        this.caches = new BlobCaches(metrics);
        this.group = FanotifyGroup.create(true);
    }

    @Override
    public String name() {
        return "fanotify";
    }

    /** Sizes, restores and marks the image's cache files; the mount is {@code (bootstrap, device=...)}. */
    @Override
    public MountPlan prepare(ImageEntry image) throws IOException {
        List<String> devices = new ArrayList<>();
        for (BlobEntry blob : image.blobs()) {
            Path file = cacheDir.resolve("blobs").resolve(blob.domain()).resolve(blob.blobId());
            String key = file.toString();
            synchronized (this) {
                Served s = served.get(key);
                // a blob released and registered again is a new entry: its old cache was closed
                if (s == null || s.blob() != blob) served.put(key, open(blob, file, image.spec().prefetch()));
            }
            devices.add("device=" + key);
        }
        return new MountPlan(image.spec().bootstrap().toAbsolutePath().toString(), String.join(",", devices));
    }

    private Served open(BlobEntry blob, Path file, boolean prefetch) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (f.length() != blob.size()) f.setLength(blob.size()); // before the mark: a marked truncate raises events
        }
        FileBlobCache cache;
        try (Fd probe = Fd.open(file, Libc.O_RDONLY())) { // opened before the mark: probing raises no events
            cache = (FileBlobCache) blob.cache(b -> caches.open(b, new FdHoleProbe(probe)));
        }
        // Opened before the mark, so its writes raise no events: the only fd background fills may write through
        // (an fd opened after the mark raises events on its own writes). None when the file is complete already.
        SharedFdWriter background = cache.isComplete() ? null
                : new SharedFdWriter(Fd.open(file, Libc.O_RDWR()), "background writer of " + file);
        if (!cache.isComplete()) group.markPreAccess(file);
        if (background != null) {
            cache.readAhead(workers, background, READ_AHEAD_WINDOW, READ_AHEAD_STEP);
            if (prefetch) {
                Prefetcher p = new Prefetcher(cache, background, 0);
                workers.execute(() -> {
                    p.run();
                    if (cache.isComplete()) unmarkQuietly(file);
                });
            }
        }
        LOG.log(System.Logger.Level.INFO, "serving {0} from {1} ({2} of {3} chunks present)", blob.key(), file,
                cache.states().readyChunks(), cache.states().chunks());
        return new Served(blob, cache, file, background);
    }

    @Override
    public void serve() throws IOException {
        serving = true;
        try {
            while (!closed) {
                if (!group.await(200)) continue;
                for (PreAccessEvent ev : group.read()) {
                    if (ev.fd() < 0) { // FAN_NOFD: a queue overflow, impossible with FAN_UNLIMITED_QUEUE
                        LOG.log(System.Logger.Level.ERROR, "fanotify event without fd (mask 0x{0})", Long.toHexString(ev.mask()));
                        continue;
                    }
                    metrics.requests.increment();
                    long arrived = System.nanoTime();
                    if (answerIfPresent(ev)) {
                        metrics.requestLatency.record(System.nanoTime() - arrived);
                        continue;
                    }
                    try {
                        workers.execute(() -> {
                            handle(ev);
                            metrics.requestLatency.record(System.nanoTime() - arrived);
                        });
                    } catch (RuntimeException e) { // executor shut down: still answer
                        handle(ev);
                    }
                }
            }
        } finally {
            // closed here, not in close(): the loop may be inside poll/read on the group fd
            closeGroup();
        }
    }

    /**
     * Answers on the listener thread an event whose range is filled already (every EROFS page-cache miss raises
     * one, filled or not): a bitmap check, no hand-off to a worker. False when it must be filled (or anything about
     * it is unusual): then a worker handles it, and answers it, as usual.
     */
    private boolean answerIfPresent(PreAccessEvent ev) {
        if (!ev.hasRange()) return false;
        try {
            Served s = served.get(Files.readSymbolicLink(Path.of("/proc/self/fd/" + ev.fd())).toString());
            if (s == null || !s.cache().tryHit(ev.offset(), ev.count())) return false;
            metrics.bytesServed.add(ev.count());
            try (Fd eventFd = Fd.adopt(ev.fd())) {
                answer(ev.fd(), true, "event fd " + ev.fd());
            }
            // read-ahead may have completed the file in the background: then no event needs to be raised any more
            if (s.cache().isComplete()) unmarkQuietly(s.file());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void handle(PreAccessEvent ev) {
        boolean allowed = false;
        String what = "event fd " + ev.fd();
        try (Fd eventFd = Fd.adopt(ev.fd())) {
            try {
                String path = Files.readSymbolicLink(Path.of("/proc/self/fd/" + ev.fd())).toString();
                Served s = served.get(path);
                if (s == null) throw new IOException("no blob is served from " + path);
                long offset = ev.hasRange() ? ev.offset() : 0;
                long count = ev.hasRange() ? ev.count() : s.cache().size();
                what = s.blob().key() + " [" + offset + ",+" + count + ") pid " + ev.pid();
                metrics.bytesServed.add(count);
                s.cache().fill(offset, count, (off, data) -> eventFd.pwriteFully(data, off));
                if (s.cache().isComplete()) unmarkQuietly(s.file());
                allowed = true;
            } catch (IOException e) { // the cause chain is in the message; the reader gets EIO for this range
                metrics.failures.increment();
                LOG.log(System.Logger.Level.ERROR, "fanotify fill failed, the reader gets EIO: " + what + ": " + e.getMessage());
            } catch (RuntimeException e) {
                metrics.failures.increment();
                LOG.log(System.Logger.Level.ERROR, "fanotify fill failed, the reader gets EIO: " + what, e);
            } finally {
                answer(ev.fd(), allowed, what);
            }
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "close " + what, e);
        }
    }

    private void answer(int fd, boolean allowed, String what) {
        try {
            if (allowed) group.allow(fd);
            else group.deny(fd, EIO);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot answer " + what, e);
        }
    }

    private void unmarkQuietly(Path file) {
        try {
            group.unmark(file);
            LOG.log(System.Logger.Level.INFO, "{0} is complete: mark removed", file);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unmark " + file, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (!serving) closeGroup();
    }

    private void closeGroup() {
        for (Served s : served.values()) {
            if (s.background() != null) s.background().close();
        }
        served.clear();
        try {
            group.close();
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "close fanotify group", e);
        }
    }
}
