package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.daemon.cache.FdHoleProbe;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.cache.Prefetcher;
import dev.swiftlet.daemon.frontend.BlobCaches;
import dev.swiftlet.daemon.frontend.Culler;
import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.daemon.frontend.HandOver;
import dev.swiftlet.daemon.frontend.StartupPrefetch;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.SharedFd;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import dev.swiftlet.sys.cachefiles.CachefilesMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The cachefiles on-demand front end: the whole protocol in one loop. OPENs are answered on the device
 * thread (they need only local metadata, and mount(2) waits for them); every READ is handed to
 * {@code workers} so one slow fetch never holds up another request, and gets its READ_COMPLETE from a
 * {@code finally}, whatever the fill did. A range that could not be filled stays a hole, which the kernel
 * turns into EIO for that range only. CLOSE drops the object; its anon fd closes once no READ uses it.
 */
public final class CachefilesFrontEnd implements FrontEnd, HandOver, Culler {
    private static final System.Logger LOG = System.getLogger(CachefilesFrontEnd.class.getName());
    private static final String VOLUME_PREFIX = "erofs,";
    private final CachefilesDevice device;
    private final ImageTable images;
    private final Executor workers;
    /** Read-ahead and prefetch run here, apart from {@code workers}, so READs never queue behind them. */
    private final Executor background;

    private final DaemonMetrics metrics;
    private final BlobCaches caches;
    private final BackingFiles backingFiles;
    private final CacheCuller culler;
    private final DeferredCulls deferredCulls;
    private final java.util.concurrent.ScheduledExecutorService cullTimer;
    private final Path cacheDir;
    private final Map<Integer, CacheObject> objects = new ConcurrentHashMap<>();
    /** Keys of objects opened by this daemon: their backing files may still be unlinked tmpfiles. */
    private final java.util.Set<String> servedKeys = ConcurrentHashMap.newKeySet();

    private final java.util.concurrent.atomic.LongAdder blobOpens = new java.util.concurrent.atomic.LongAdder();
    private final UnknownObjectReads unknownReads;
    private volatile boolean closed;
    /** Set by the loop before it first polls: from then on only the loop closes the device (see {@link #close()}). */
    private volatile boolean serving;

    /**
     * @param cacheDir the directory the device is bound to, where a restarted daemon finds the backing files of
     *     blobs it served before (null: chunk states start empty; the kernel still only asks for holes)
     * @param workers where READs are filled and completed
     * @param background where read-ahead and prefetch run (a pool of their own keeps READs from queueing behind
     *     long background fetches); each image's prefetch policy (threads, fill size, bandwidth) applies there
     */
    public CachefilesFrontEnd(
            CachefilesDevice device,
            Path cacheDir,
            ImageTable images,
            Executor workers,
            Executor background,
            DaemonMetrics metrics) {
        this.device = device;
        this.unknownReads = new UnknownObjectReads(device::restore);
        this.backingFiles = cacheDir == null ? null : new BackingFiles(cacheDir);
        this.culler = cacheDir == null ? null : new CacheCuller(device, cacheDir);
        this.cullTimer = culler == null
                ? null
                : java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                        .daemon()
                        .name("swiftlet-deferred-cull")
                        .factory());
        this.deferredCulls = culler == null
                ? null
                : new DeferredCulls(
                        culler::cull,
                        (pause, task) ->
                                cullTimer.schedule(task, pause.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
                        this::heldByKernel,
                        this::registeredAnywhere);
        this.cacheDir = cacheDir;
        this.images = images;
        this.workers = workers;
        this.background = background;
        this.metrics = metrics;
        this.caches = new BlobCaches(metrics, new AccessEpoch()); // whole files are evicted: no chunk recency
    }

    /** Data-blob OPENs answered so far: a blob shared in a domain is opened once, whatever mounts use it. */
    public long blobOpens() {
        return blobOpens.sum();
    }

    @Override
    public String name() {
        return "cachefiles";
    }

    /**
     * The cache directory as the evictor sees it: whole backing files no registered image references (the kernel owns
     * the files, so no chunk of a registered image is evicted). Null when the cache directory is not known.
     */
    @Override
    public dev.swiftlet.daemon.cache.CacheSpace cacheSpace() throws IOException {
        return culler == null ? null : new CachefilesCacheSpace(cacheDir, culler, images);
    }

    /**
     * {@code DELETE /api/v2/blobs?blob_id=}: drops the backing file of a blob or bootstrap no mount uses. When the
     * kernel still holds it (a mounted image's object, or one this daemon served whose file the kernel has not linked
     * in yet), the cull is deferred until the kernel lets it go ({@link DeferredCulls}); a file a mount still uses is
     * reported as in use.
     */
    @Override
    public Culled cull(String blobId) throws IOException {
        if (culler == null)
            throw new IOException("cull " + blobId + ": the cache directory is not known to this front end");
        Culled c = culler.cull(blobId);
        LOG.log(
                System.Logger.Level.INFO,
                "cull {0}: {1} backing file(s) removed, {2} in use",
                blobId,
                c.removed(),
                c.inUse().size());
        boolean held = heldByKernel(blobId);
        if (!c.inUse().isEmpty() || held || (c.removed() == 0 && servedKeys.contains(blobId))) {
            deferredCulls.defer(blobId);
            if (held && c.inUse().isEmpty()) {
                return new Culled(c.removed(), List.of(blobId + " (open in the kernel; culled once released)"));
            }
        }
        return c;
    }

    /** Whether an object of {@code key} (a blob id, or an image's fsid for its bootstrap) is open in the kernel. */
    private boolean heldByKernel(String key) {
        for (CacheObject o : objects.values()) {
            if (o.cookie.equals(key)) return true;
        }
        return false;
    }

    private boolean registeredAnywhere(String key) {
        for (ImageEntry image : images.list()) {
            if (image.id().equals(key)) return true;
            for (BlobEntry blob : image.blobs()) {
                if (blob.blobId().equals(key)) return true;
            }
        }
        return false;
    }

    /** The /dev/cachefiles fd: handed to the supervisor so a successor keeps every mount's data path alive. */
    @Override
    public int deviceFd() {
        return device.fd().intValue();
    }

    @Override
    public void serve() throws IOException {
        serving = true;
        try {
            while (!closed) {
                if (!device.await(200)) continue;
                CachefilesMessage m;
                while (!closed && (m = nextMessage()) != null) {
                    switch (m) {
                        case CachefilesMessage.Open open -> open(open);
                        case CachefilesMessage.Read read -> read(read);
                        case CachefilesMessage.Close close -> close(close);
                    }
                }
            }
        } finally {
            // closed here, not in close(): the loop may be inside poll or read on the device fd, whose number a
            // close elsewhere would free for reuse (and whose read buffer would go with the device's arena)
            closeDevice();
        }
    }

    /** A malformed message is logged and skipped: the loop must keep serving everything else. */
    private CachefilesMessage nextMessage() {
        try {
            return device.next();
        } catch (IOException e) {
            if (!closed) LOG.log(System.Logger.Level.ERROR, "cachefiles: unreadable request: " + e.getMessage());
            return null;
        }
    }

    private void open(CachefilesMessage.Open o) {
        metrics.opens.increment();
        String volume = o.volumeKey();
        String domain = volume.startsWith(VOLUME_PREFIX) ? volume.substring(VOLUME_PREFIX.length()) : volume;
        String cookie = o.cookieKeyString();
        Fd anon = Fd.adopt(o.anonFd());
        long size;
        try {
            if (objects.containsKey(o.objectId())) {
                reply(o, -Errno.EALREADY, anon, "object already open");
                return;
            }
            Optional<ImageEntry> image = images.bootstrap(domain, cookie);
            CacheObject object;
            if (image.isPresent()) {
                var bootstrap = image.get().spec().bootstrap();
                size = Files.size(bootstrap);
                object = new CacheObject(
                        anon,
                        new BootstrapCache(bootstrap, size),
                        cookie,
                        domain + "/" + cookie + " (bootstrap)",
                        true);
            } else {
                Optional<BlobEntry> blob = images.blob(domain, cookie);
                if (blob.isEmpty()) {
                    reply(o, -Errno.ENOENT, anon, "no image or blob " + domain + "/" + cookie + " is registered");
                    return;
                }
                BlobCache cache = blob.get().cache(this::openCache);
                size = cache.size();
                object = new CacheObject(anon, cache, cookie, blob.get().key(), false);
                blobOpens.increment();
                if (cache instanceof FileBlobCache fbc && !fbc.isComplete()) {
                    fbc.readAhead(
                            background,
                            object.backgroundWriter(),
                            BlobCaches.READ_AHEAD_WINDOW,
                            BlobCaches.READ_AHEAD_STEP);
                    Optional<PrefetchPolicy> prefetch = prefetchPolicy(blob.get());
                    PrefetchPolicy policy = prefetch.orElse(PrefetchPolicy.OFF);
                    List<long[]> startup = StartupPrefetch.pieces(blob.get(), policy);
                    if (prefetch.isPresent() || !startup.isEmpty()) startPrefetch(object, fbc, policy, startup);
                }
            }
            objects.put(o.objectId(), object);
            servedKeys.add(cookie);
            unknownReads.opened(o.objectId());
            device.copen(o.msgId(), size);
            LOG.log(System.Logger.Level.DEBUG, "OPEN {0} object {1}: copen {2}", object.name, o.objectId(), size);
        } catch (IOException | RuntimeException e) {
            CacheObject gone = objects.remove(o.objectId());
            if (gone != null) gone.close();
            reply(o, -Errno.EIO, gone == null ? anon : null, "open failed: " + e.getMessage());
        }
    }

    /** The blob's cache, with chunk states restored from its backing file when an earlier daemon filled some. */
    private BlobCache openCache(BlobEntry blob) {
        Path file = backingFiles == null ? null : backingFiles.find(blob.domain(), blob.blobId());
        if (file == null) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: no backing file yet, every chunk is missing", blob.key());
            return caches.open(blob, null);
        }
        try (Fd fd = Fd.openForReading(file)) {
            return caches.open(blob, new FdHoleProbe(fd));
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot open backing file " + file + ": " + e.getMessage());
            return caches.open(blob, null);
        }
    }

    /** The policy of the first registered image that uses the blob and wants it prefetched, if any does. */
    private Optional<PrefetchPolicy> prefetchPolicy(BlobEntry blob) {
        return images.list().stream()
                .filter(i -> i.spec().prefetch().enabled() && i.blobs().contains(blob))
                .map(i -> i.spec().prefetch())
                .findFirst();
    }

    /**
     * Fills the whole blob in the background through the object's anon fd (the kernel accepts writes there at any
     * time); the object stays referenced until the prefetch ends, and CLOSE stops it.
     */
    private void startPrefetch(CacheObject object, FileBlobCache cache, PrefetchPolicy policy, List<long[]> startup) {
        if (!object.retain()) return;
        Prefetcher prefetcher = new Prefetcher(cache, new AnonFdWriter(object.anon.fd()), policy, startup);
        object.prefetcher = prefetcher;
        prefetcher.start(background, object::release);
    }

    /** Fails an OPEN; the kernel then fails the mount with that errno. */
    private void reply(CachefilesMessage.Open o, int errno, Fd anon, String why) {
        LOG.log(
                System.Logger.Level.WARNING,
                "OPEN {0}/{1} refused ({2}): {3}",
                o.volumeKey(),
                o.cookieKeyString(),
                errno,
                why);
        if (anon != null) anon.closeQuietly();
        try {
            device.copen(o.msgId(), errno);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.ERROR, "copen " + o.msgId() + " failed: " + e.getMessage());
        }
    }

    private void read(CachefilesMessage.Read r) {
        metrics.requests.increment();
        CacheObject object = objects.get(r.objectId());
        if (object == null || !object.retain()) {
            // nothing to complete it through: have the kernel hand it out again once the object is re-opened
            if (unknownReads.seen(r.msgId(), r.objectId())) metrics.deferred.increment();
            else metrics.failures.increment();
            return;
        }
        long arrived = System.nanoTime();
        workers.execute(() -> {
            boolean ok = false;
            try {
                metrics.recordRequest(r.length());
                object.cache.fill(r.offset(), r.length(), new AnonFdWriter(object.anon.fd()));
                ok = true;
            } catch (IOException | RuntimeException e) {
                metrics.failures.increment();
                LOG.log(
                        System.Logger.Level.ERROR,
                        "READ {0} of {1} [0x{2},+0x{3}) failed, the kernel sees EIO there: {4}",
                        r.msgId(),
                        object.name,
                        Long.toHexString(r.offset()),
                        Long.toHexString(r.length()),
                        e.getMessage());
            } finally {
                try {
                    CachefilesDevice.readComplete(object.anon.fd(), r.msgId());
                } catch (NativeException e) {
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "READ_COMPLETE " + r.msgId() + " of " + object.name + ": " + e.getMessage());
                }
                long nanos = System.nanoTime() - arrived;
                metrics.recordAnswer(nanos);
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "READ {0} of {1} [0x{2},+0x{3}) {4} in {5} us",
                        r.msgId(),
                        object.name,
                        Long.toHexString(r.offset()),
                        Long.toHexString(r.length()),
                        ok ? "filled" : "failed",
                        nanos / 1000);
                object.release();
            }
        });
    }

    private void close(CachefilesMessage.Close c) {
        metrics.closes.increment();
        CacheObject object = objects.remove(c.objectId());
        if (object != null) {
            LOG.log(System.Logger.Level.DEBUG, "CLOSE {0} object {1}", object.name, c.objectId());
            if (object.prefetcher != null) object.prefetcher.stop();
            object.close();
            if (deferredCulls != null) deferredCulls.closed(object.cookie);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (cullTimer != null) cullTimer.shutdownNow();
        for (CacheObject o : objects.values()) {
            if (o.prefetcher != null) o.prefetcher.stop();
            o.close();
        }
        objects.clear();
        // closed and serving are both volatile: either the loop sees closed before it first polls and never polls,
        // or this sees serving and leaves the device to the loop's exit (the device closes once either way)
        if (!serving) closeDevice();
    }

    private void closeDevice() {
        try {
            device.close();
        } catch (NativeException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing /dev/cachefiles: " + e.getMessage());
        }
    }

    /**
     * One cachefiles object: its anon fd and the cache that fills it. The fd is a {@link SharedFd} so that CLOSE
     * never closes it under a READ still writing through it (the number could be reused).
     */
    private static final class CacheObject {
        final SharedFd anon;
        final BlobCache cache;
        /** The cookie key: the blob id, or the image's fsid for a bootstrap. */
        final String cookie;

        final String name;
        volatile Prefetcher prefetcher;

        CacheObject(Fd anon, BlobCache cache, String cookie, String name, boolean ownsCache) {
            // blob caches belong to the image table (shared in a domain); the bootstrap's is this object's
            this.anon = new SharedFd(anon, name, ownsCache ? cache::close : () -> {});
            this.cache = cache;
            this.cookie = cookie;
            this.name = name;
        }

        boolean retain() {
            return anon.retain();
        }

        /**
         * A writer for background fills (read-ahead) through this object's anon fd: each write holds a reference,
         * so CLOSE never closes the fd under it, and writes after CLOSE fail instead of reaching a reused fd number.
         */
        CacheWriter backgroundWriter() {
            return (offset, data) -> anon.use(fd -> new AnonFdWriter(fd).write(offset, data));
        }

        /** Drops a reference taken by {@link #retain()}. */
        void release() {
            anon.release();
        }

        /** CLOSE (or the front end's end): the fd closes once no READ or background fill uses it. */
        void close() {
            anon.close();
        }
    }
}
